"""The stance stage as a spaCy component: `nlp.add_pipe("stance")`.

In:  a parsed Doc, best after `political_entities` (holders and targets are
     read against its mentions); optionally `doc._.document_meta` (author,
     genre, title) and `doc._.sentence_blocks` (see `pipeline.doc_inputs`),
     else the component's `author`, `genre` and `title`.
Out: `doc._.stances`, one record per (holder, target, cue) with the columns
     of `stance.STANCE_COLUMNS` but doc_id (offsets are character offsets;
     None when the holder is the author named only in metadata);
     `doc._.quotes`, one record per quotation (`stance.QUOTE_COLUMNS` but
     doc_id). The same places as spans: `doc.spans["stance_holders"]`
     (labelled with holder_kind), `"stance_targets"` (target_kind),
     `"stance_cues"` (FAVOR, AGAINST, NONE) and `"quotes"` (QUOTE).

    nlp.add_pipe("political_entities"); nlp.add_pipe("stance")
    doc = nlp("The Green Alliance condemned the ban on the Farmers Party.")
    [(s["holder"], s["stance"], s["target"]) for s in doc._.stances]
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.doc_inputs import document_id, meta_value, sentence_table
from pipeline.doc_tables import records, table
from pipeline.stance.document import document_columns
from pipeline.stance.tables import QUOTE_OFFSETS, STANCE_OFFSETS, table_of_columns

for _name in ("stances", "quotes"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# span key: (record extension, start column, end column, label column or fixed label)
SPAN_GROUPS = {
    "stance_holders": ("stances", "holder_start", "holder_end", "holder_kind"),
    "stance_targets": ("stances", "target_start", "target_end", "target_kind"),
    "stance_cues": ("stances", "cue_start", "cue_end", "stance"),
    "quotes": ("quotes", "start", "end", None),
}


@Language.factory("stance", default_config={"author": "", "genre": "", "title": ""})
def make_stance(nlp: Language, name: str, author: str, genre: str, title: str) -> "Stance":
    return Stance(author=author, genre=genre, title=title)


class Stance:
    """Finds who is for or against what in a Doc, and its quotations."""

    def __init__(self, *, author: str = "", genre: str = "", title: str = ""):
        self.defaults = {"author": author, "genre": genre, "title": title}

    def __call__(self, doc: Doc) -> Doc:
        options = {key: meta_value(doc, key) or default for key, default in self.defaults.items()}
        stances, quotes = document_columns(document_id(doc), doc, sentence_table(doc), table(doc, "mentions"), **options)
        doc._.stances, doc._.quotes = (
            records(columns, lambda: table_of_columns(columns, set(offsets)), frozenset(offsets))
            for columns, offsets in ((stances, STANCE_OFFSETS), (quotes, QUOTE_OFFSETS))
        )
        for key, (extension, start, end, label) in SPAN_GROUPS.items():
            doc.spans[key] = _spans(doc, getattr(doc._, extension), start, end, label)
        return doc


def _spans(doc: Doc, records: list[dict], start: str, end: str, label: str | None) -> list:
    """One span per distinct (offsets, label) the records name, in record order."""
    spans, seen = [], set()
    for record in records:
        key = (record[start], record[end], record[label] if label else "QUOTE")
        if key in seen or key[0] is None or key[1] is None:
            continue
        seen.add(key)
        span = doc.char_span(key[0], key[1], label=key[2], alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans
