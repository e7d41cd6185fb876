"""When a stance was taken and a quote spoken: the document's date, and the
date the sentence gives the cue ("On 5 March, X condemned ...", "X said on
Monday ...").

In:  resolved stances or quotes (doc_id, sent_id, cue_start), the dates
     table (doc_id, sent_id, type, value, event_start) and the documents
     table (doc_id, date).
Out: the same rows with `document_date` and `stated_on` (the TIMEX3 value of
     the date whose governing word is the cue; empty when none is).
"""

from __future__ import annotations

import pandas as pd


def add_dates(table: pd.DataFrame, dates: pd.DataFrame, documents: pd.DataFrame, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """A copy of `table` with document_date and stated_on after its columns.
    A stance whose cue is inside a dated quote ('On 5 March X said: "We
    oppose ..."') is stated on the quote's date (`quotes` from this function)."""
    out = table.copy()
    document_date = _document_dates(documents)
    out["document_date"] = [document_date.get(str(doc_id), "") for doc_id in out["doc_id"]] if len(out) else []
    dated_cues = _dated_words(dates)
    quoted = _dated_quotes(quotes)
    out["stated_on"] = [
        (dated_cues.get((str(doc_id), int(cue)), "") or _quoted_on(quoted.get(str(doc_id), []), int(cue))) if pd.notna(cue) else ""
        for doc_id, cue in zip(out["doc_id"], out["cue_start"])
    ] if len(out) else []
    return out


def _dated_quotes(quotes: pd.DataFrame | None) -> dict[str, list[tuple[int, int, str]]]:
    if quotes is None or not len(quotes) or "stated_on" not in quotes:
        return {}
    found: dict[str, list[tuple[int, int, str]]] = {}
    for doc_id, start, end, on in zip(quotes["doc_id"], quotes["start"], quotes["end"], quotes["stated_on"].fillna("")):
        if on:
            found.setdefault(str(doc_id), []).append((int(start), int(end), str(on)))
    return found


def _quoted_on(spans: list[tuple[int, int, str]], offset: int) -> str:
    return next((on for start, end, on in spans if start <= offset < end), "")


def _document_dates(documents: pd.DataFrame) -> dict[str, str]:
    if documents is None or not len(documents) or "date" not in documents:
        return {}
    return dict(zip(documents["doc_id"].astype(str), documents["date"].fillna("").astype(str)))


def _dated_words(dates: pd.DataFrame) -> dict[tuple[str, int], str]:
    """(doc_id, offset of a governing word) -> the value of the DATE or TIME it governs
    (the first one in the text, when it governs several)."""
    if dates is None or not len(dates) or "event_start" not in dates:
        return {}
    calendar = dates[dates["type"].isin(["DATE", "TIME"]) & (pd.to_numeric(dates["event_start"], errors="coerce") >= 0)]
    found: dict[tuple[str, int], str] = {}
    for doc_id, event_start, value in zip(calendar["doc_id"], calendar["event_start"], calendar["value"]):
        found.setdefault((str(doc_id), int(event_start)), str(value))
    return found
