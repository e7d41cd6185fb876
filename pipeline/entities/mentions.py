"""Mentions of one document (`find_mentions`): candidates from the model,
patterns and acronyms, short forms, labels on evidence, and the mentions
table. See the package's docstring for what goes in and comes out."""

from __future__ import annotations

import pandas as pd
from spacy.tokens import Doc

from pipeline.entities import persons as entity_persons
from pipeline.entities.candidates import acronym_candidates, model_candidates, pattern_candidates
from pipeline.entities.knowledge import NAMED_LABELS, load_lexicon
from pipeline.entities.labels import (
    add_coordinated_names, fix_labels, fix_list_labels, fix_surname_labels, join_names_across_and,
    label_after_org_noun, label_peoples, label_places, only_role_words, propagate_names, vote_labels,
)
from pipeline.entities.short_forms import apply_abbreviations, merge_infobox_qualifiers
from pipeline.entities.spans import ACRONYM_PRIORITY, HONORIFIC_PRIORITY, Mention, resolve_overlaps
from pipeline.entities.view import DocView
from pipeline.tables import frame


MENTION_COLUMNS = ["doc_id", "sent_id", "start", "end", "text", "label", "source", "short_form_of", "title"]

# Rule families a caller may switch off (`find_mentions(..., disabled_sources=...)`),
# named as in the `source` column: span rules alone ("acronym") or after the
# span's own source ("model+place"); "pattern:<id>" switches off one pattern.
RULE_FAMILIES = (
    "acronym", "honorific", "abbreviation", "infobox", "qualifier", "joined", "coordination", "propagated",
    "head", "apposition", "org_noun", "place", "demonym", "list", "surname", "vote", "title",
)


def find_mentions(
    doc_id: str, doc: Doc, sentences: pd.DataFrame, infobox: pd.DataFrame, *, disabled_sources: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """Find the named-entity mentions of one parsed document.

    Args:
        doc_id: the document's id.
        doc: the document parsed once by the parse stage (model entities set).
        sentences: this document's rows of the ingest sentences table.
        infobox: this document's rows of the ingest infobox table.
        disabled_sources: rule families (RULE_FAMILIES, "pattern:<id>") to
            leave out, for measuring what each rule adds.

    Returns:
        A table with MENTION_COLUMNS, sorted by start and end.
    """
    off = disabled_sources
    lexicon = load_lexicon()
    view = DocView(doc, sentences)
    infobox_rows = infobox[["key", "value", "start", "end"]].to_dict("records") if len(infobox) and "infobox" not in off else []
    candidates = model_candidates(view, lexicon) + [m for m in pattern_candidates(view, lexicon) if m.source not in off]
    if "acronym" not in off:
        candidates += acronym_candidates(view, lexicon)
    if "honorific" not in off:
        candidates += entity_persons.honorific_names(
            view, lexicon, lambda s, e: Mention(s, e, "PERSON", "honorific", HONORIFIC_PRIORITY, NAMED_LABELS)
        )
    mentions = fix_labels(view, lexicon, resolve_overlaps(candidates), off)
    if "apposition" not in off:
        mentions = entity_persons.role_appositions(
            view, lexicon, mentions, lambda s, e: Mention(s, e, "PERSON", "apposition", ACRONYM_PRIORITY)
        )
    if "org_noun" not in off:
        mentions = label_after_org_noun(view, lexicon, mentions)
    # Joined before short forms are read, so "X and Y (XY)" defines the whole name.
    mentions = join_names_across_and(view, lexicon, mentions) if "joined" not in off else mentions
    if "abbreviation" not in off:
        mentions = apply_abbreviations(view, lexicon, mentions, infobox_rows, view.title())
    if "qualifier" not in off:
        mentions = merge_infobox_qualifiers(view, mentions, infobox_rows)
    mentions = vote_labels(view, lexicon, mentions) if "vote" not in off else mentions
    mentions = add_coordinated_names(view, lexicon, mentions) if "coordination" not in off else mentions
    mentions = label_places(view, lexicon, mentions) if "place" not in off else mentions
    mentions = label_peoples(view, lexicon, mentions) if "demonym" not in off else mentions
    mentions = propagate_names(view, lexicon, mentions) if "propagated" not in off else mentions
    mentions = fix_list_labels(view, mentions) if "list" not in off else mentions
    mentions = fix_surname_labels(view, mentions) if "surname" not in off else mentions
    mentions = vote_labels(view, lexicon, mentions) if "vote" not in off else mentions
    if "title" not in off:
        mentions = entity_persons.split_titles(view, lexicon, mentions)
    mentions = [m for m in mentions if not only_role_words(view, lexicon, m)]
    return _to_table(doc_id, view, mentions)


def _to_table(doc_id: str, view: DocView, mentions: list[Mention]) -> pd.DataFrame:
    columns: dict[str, list] = {name: [] for name in MENTION_COLUMNS}
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        start, end = view.char_span(m.start, m.end)
        sentence = view.sent_of[m.start]
        columns["doc_id"].append(doc_id)
        columns["sent_id"].append(view.sent_ids[sentence] if sentence >= 0 else -1)
        columns["start"].append(start)
        columns["end"].append(end)
        columns["text"].append(view.doc_text[start:end])
        columns["label"].append(m.label)
        columns["source"].append(f"{m.source}+{m.label_rule}" if m.label_rule else m.source)
        columns["short_form_of"].append(m.short_form_of)
        columns["title"].append(m.title)
    return frame(columns, MENTION_COLUMNS)
