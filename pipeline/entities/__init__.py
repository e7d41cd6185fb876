"""Entities: named mentions per document, then one identity per entity across the corpus.

In (per document): the parsed `Doc` (its model entities are the starting
point; the model is not run again), the document's rows of the `sentences`
table (doc_id, sent_id, start, end, block_kind, ...) and of the `infobox`
table (doc_id, key, value, start, end). For the linking, the user's alias
table (alias, canonical, label).

Out of `find_mentions`: one row per mention
    doc_id, sent_id, start, end, text, label, source, short_form_of, title
`source` says which evidence made the span (model, pattern:<id>, acronym,
abbreviation, infobox, propagated, coordination, honorific, apposition,
place, demonym, surname) and, after a "+", which rule changed the span or
its label ("model+place"); `short_form_of` holds the long form for a short
form defined in the document ("Long Form (LF)"); `title` a PERSON's title
or role ("Interior Minister"), which is never part of the span.

Out of `link_mentions` (all documents' mentions concatenated):
    entities      the mentions plus entity_id, canonical
    entity_index  entity_id, canonical, label, aliases, mentions, documents, doc_ids

How spans are made: the model's entities are cut to the ingest sentence they
start in (so no span crosses a line, heading or list item), leading
determiners, trailing possessives and markup are trimmed, and patterns over
the language (`data/entities_patterns.jsonl`, word lists in
`data/entities_words.csv`) recover the names the model fragments. Short forms
are found with the Schwartz & Hearst (2003) algorithm, and a short form
right after a name in brackets counts as defined even when its letters come
from another language. A label changes only on evidence stronger than the
model's: a gazetteer and the words around a place (`places`), titles,
honorifics and roles around a person (`persons`), head nouns. Every
rule family can be switched off (`disabled_sources`) to measure what it adds.

Modules, in the order a document goes through them: `knowledge` (the data
files, read once), `view` (the Doc as plain lists), `candidates` (spans from
the model, patterns and acronyms), `spans` (a candidate and how overlaps are
settled), `short_forms`, `labels` (with `places`: the gazetteer and place
contexts, and `persons`: titles, honorifics, roles), `mentions`
(`find_mentions`, the per-document table); then `identity` (`link_mentions`,
with `links`: identity across mentions and documents).
"""

from pipeline.entities.identity import ENTITY_COLUMNS, INDEX_COLUMNS, fold_name, link_mentions
from pipeline.entities.knowledge import pattern_entries
from pipeline.entities.mentions import MENTION_COLUMNS, RULE_FAMILIES, find_mentions
from pipeline.entities.short_forms import schwartz_hearst_long_form

__all__ = [
    "ENTITY_COLUMNS", "INDEX_COLUMNS", "MENTION_COLUMNS", "RULE_FAMILIES", "find_mentions", "fold_name", "link_mentions",
    "pattern_entries", "schwartz_hearst_long_form",
]
