"""Stance: who is for or against what, with the words that show it.

In (per document): the parsed `Doc`, its sentences table (doc_id, sent_id,
start, end, text, ...), its entity mentions (doc_id, sent_id, start, end,
text, label) and the document's author, genre and title.
Out: `find_stances` returns one row per (holder, target, cue) with columns
  doc_id, sent_id, start, end        the sentence
  holder, holder_start, holder_end   who holds the stance (offsets NA when the
                                     holder is the author named only in metadata)
  holder_kind                        entity / other (a phrase such as "party leaders")
  target, target_start, target_end   what it is about; an event target is named
                                     "<event> of <party>" ("ban of X")
  target_kind                        entity / event / other
  target_party, target_party_start, target_party_end
                                     the party an event or a coreferent noun was
                                     resolved to, and where it was found
  stance                             FAVOR / AGAINST / NONE
  cue, cue_start, cue_end            the word(s) that carry the stance
  negated, confidence, rule, evidence (the sentence text)

At corpus level `resolve` links holders and targets to entity ids (adding
holder_id, target_id, holder_text, target_text) and `summarise` counts
stances per (holder, target).

How it works: cue words are found by a set lookup of lemmas from
`data/stance_cues.csv` (multiword cues and slogans with a `Matcher`); from
each cue a short walk over the dependency parse finds the holder (subject,
passive agent, possessor, the subject of a governing demand or reporting
verb, or the document's author for first person, imperatives and slogans)
and the target (object, prepositional object, the noun an evaluation is
about). Nouns that name events, refer back to them, or pass the stance on to
their complement are listed in `data/stance_targets.csv`; closed-class word
lists and genre settings live in `data/stance_settings.toml`.

Modules: `cues` (the lexicon and the cues found in a parse), `context` (what
a document gives every rule), `syntax` (walks over the parse), `attribution`
(holders: author, subjects, coordinated names, references), `targets`
(events and what a stance is about), `frames` (the constructions),
`voices` (quotations and their speakers, transcript turns, whose voice a
passage is in), `document` (one document), `tables` (tables, linking,
summary, quotations).
"""

from pipeline.stance.cues import load_knowledge
from pipeline.stance.document import analyse_document, find_stances
from pipeline.stance.tables import (QUOTE_COLUMNS, RESOLVED_COLUMNS, STANCE_COLUMNS, SUMMARY_COLUMNS, resolve,
                                    resolve_quotes, summarise)

__all__ = ["QUOTE_COLUMNS", "RESOLVED_COLUMNS", "STANCE_COLUMNS", "SUMMARY_COLUMNS", "analyse_document", "find_stances",
           "load_knowledge", "resolve", "resolve_quotes", "summarise"]
