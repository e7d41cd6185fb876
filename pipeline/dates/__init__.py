"""Dates: temporal expressions found, normalised to TIMEX3, and the events they date.

In (per document): doc_id, the parsed `Doc`, this document's rows of the
sentences table (doc_id, sent_id, start, end, block_kind, ...), of the infobox
table (doc_id, key, value, start, end) and of the mentions table (doc_id,
sent_id, start, end, text, label; may be empty), the document date (ISO, may be
empty) and the order of day and month in numeric dates ("DMY" or "MDY").

Out: two tables
  dates   DATE_COLUMNS: doc_id, sent_id, start, end, text, type (DATE, TIME,
          DURATION, SET), value (TIMEX3), mod, quant, freq, earliest, latest
          (calendar bounds of a DATE or TIME), granularity, anchor (the date a
          relative expression was resolved against), anchor_kind (document,
          narrative, none), range_id and range_role (start, end, both) linking
          the two ends of a range, ambiguous (a numeric date whose day and month
          could be swapped, or a year range that could be a month), event,
          event_start, event_end, rule (the grammar family that matched)
  events  EVENT_COLUMNS: one row per DATE or TIME with calendar bounds:
          doc_id, sent_id, start, end (the date's span), text, value, earliest,
          latest, event (governing verb or event noun, or the infobox key),
          event_start, event_end, participants (mention texts, "; "),
          participant_spans ("start:end;start:end"), evidence (the sentence)

The grammar (`families`) is a registry with one entry per family of
expressions: a regular expression built from the word lists in
`data/dates_lexicon.toml`, run over each sentence (so no expression crosses a
sentence or block), and a resolver (`absolute`, `relative`, `clock`,
`amounts`) that turns a match into a TIMEX3 value. Overlapping matches are
settled longest first (`matching`), then resolved in document order.
Relative and partial expressions ("last year", "Friday", "9 May")
resolve against the document date; without one, against the nearest
preceding explicit date in the document (`anchoring`).

`attach_participants` is the corpus-level step that maps participant spans to
the linked entities' ids and canonical names.
"""

from __future__ import annotations

import re

import pandas as pd
from spacy.tokens import Doc

from pipeline.dates.anchoring import DAY_VALUE, Context, parse_iso
from pipeline.dates.bounds import calendar_bounds
from pipeline.dates.events import attach_participants, document_subjects, event_for, event_rows
from pipeline.dates.families import resolve
from pipeline.dates.matching import candidates
from pipeline.tables import frame, own_rows

__all__ = [
    "DATE_COLUMNS", "EVENT_COLUMNS", "attach_participants", "calendar_bounds", "date_rows", "document_subjects", "find_dates",
    "table_of_rows",
]

DATE_COLUMNS = [
    "doc_id", "sent_id", "start", "end", "text", "type", "value", "mod", "quant", "freq",
    "earliest", "latest", "granularity", "anchor", "anchor_kind", "range_id", "range_role",
    "ambiguous", "event", "event_start", "event_end", "rule",
]
EVENT_COLUMNS = [
    "doc_id", "sent_id", "start", "end", "text", "value", "earliest", "latest", "range_id", "event",
    "event_start", "event_end", "participants", "participant_spans", "event_kind", "patient_span", "evidence",
]


def find_dates(
    doc_id: str,
    doc: Doc,
    sentences: pd.DataFrame,
    infobox: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    document_date: str = "",
    date_order: str = "DMY",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find and normalise one document's temporal expressions and the events they date.

    Args:
        doc_id: The document's id.
        doc: Its parse (token offsets are document offsets).
        sentences: Its rows of the sentences table.
        infobox: Its rows of the infobox table (may be empty).
        mentions: Its named-entity mentions (may be empty).
        document_date: ISO date the document was written ("" when unknown).
        date_order: "DMY" (default) or "MDY": how to read numeric dates such as 03.08.2015.

    Returns:
        (dates, events) with DATE_COLUMNS and EVENT_COLUMNS, sorted by offsets.
    """
    rows, events = date_rows(doc_id, doc, sentences, infobox, mentions, document_date=document_date, date_order=date_order)
    return table_of_rows(rows, DATE_COLUMNS), table_of_rows(events, EVENT_COLUMNS)


def date_rows(
    doc_id: str, doc: Doc, sentences: pd.DataFrame, infobox: pd.DataFrame, mentions: pd.DataFrame, *,
    document_date: str = "", date_order: str = "DMY",
) -> tuple[list[dict], list[dict]]:
    """`find_dates` as row dicts, for callers that need no DataFrame."""
    sentence_rows = _sentence_rows(doc, sentences, doc_id)
    text = _document_text(doc, sentences, doc_id, sentence_rows)
    anchor_date = parse_iso(document_date)
    if anchor_date and anchor_date[1] is None:
        anchor_date = None
    ctx = Context(document=anchor_date, date_order=date_order or "DMY", doc=doc, text=text)
    infobox_rows = _infobox_rows(infobox, doc_id)
    names = _name_spans(mentions, doc_id)
    rows = []
    for cand in candidates(text, [(s, e) for s, e, _ in sentence_rows]):
        resolved = resolve(cand, ctx)
        if resolved is None or not resolved.value:
            continue
        if not _names_a_thing(text, cand, names):
            _remember(ctx, cand, resolved)
        row = _row(doc_id, doc, text, cand, resolved, sentence_rows[cand.sent_index][2], infobox_rows)
        if _in_dateline(text, cand, sentence_rows[cand.sent_index][0]):
            row.update(event="", event_start=-1, event_end=-1)  # the date of the report, not of its events
        rows.append(row)
    rows.sort(key=lambda row: (row["start"], row["end"]))
    _number_ranges(rows, doc_id)
    return rows, event_rows(doc_id, doc, text, rows, sentence_rows, mentions)


# Labels of names a year can be part of ("the 2019 Law on Parties").
_NAME_LABELS = frozenset({"LAW", "EVENT", "ORG", "WORK_OF_ART", "FAC", "PRODUCT"})
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|his|her|our)\s+$", re.I)
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
# "VILNIUS, March 15 (Agency) -": a place in capitals opens the line.
_DATELINE_BEFORE = re.compile(r"\s*[A-Z][A-Z .'’-]+,\s*")
_DATELINE_AFTER = re.compile(r"\s*(?:\([^)\n]{1,40}\))?\s*(?:[-–—:]|$)")


def _name_spans(mentions: pd.DataFrame, doc_id: str) -> list[tuple[int, int]]:
    return [(start, end) for start, end, label in own_rows(mentions, doc_id, "start", "end", "label") if label in _NAME_LABELS]


def _names_a_thing(text: str, cand, names: list[tuple[int, int]]) -> bool:
    """A year that is part of a name ("the 2019 Law on Political Parties")
    dates nothing later expressions could count from."""
    if cand.rule != "year":
        return False
    if any(start <= cand.start and cand.end <= end for start, end in names):
        return True
    return bool(_DETERMINER_BEFORE.search(text, max(0, cand.start - 8), cand.start) and _NAME_AFTER.match(text, cand.end))


def _in_dateline(text: str, cand, sentence_start: int) -> bool:
    """A date right after a place in capitals that opens the sentence."""
    return bool(_DATELINE_BEFORE.fullmatch(text, sentence_start, cand.start) and _DATELINE_AFTER.match(text, cand.end))


_TOLD_GRANULARITIES = ("year", "month", "day", "part_of_day", "minute")


def _remember(ctx: Context, cand, resolved) -> None:
    """What later expressions may anchor on: the last date written in full,
    the last quarter told, the last calendar date told (for "the following
    month"), and the day told last (only that one lends itself
    to a bare time: "every Monday at 7 p.m." does not)."""
    if resolved.explicit:
        ctx.narrative = resolved.explicit
        if resolved.explicit[2] is not None:
            ctx.narrative_day = resolved.explicit
    if resolved.quarter:
        ctx.quarter = resolved.quarter
    if resolved.type in ("DATE", "TIME") and resolved.granularity in _TOLD_GRANULARITIES:
        ctx.tell(parse_iso(resolved.value))
    is_day = resolved.type in ("DATE", "TIME") and DAY_VALUE.match(resolved.value)
    ctx.recent_day = (resolved.value[:10], cand.sent_index) if is_day else None


def _row(doc_id: str, doc: Doc, text: str, cand, resolved, sent_id: int, infobox_rows) -> dict:
    """One row of the dates table; the event is the infobox key or the governing word."""
    if resolved.type in ("DATE", "TIME") and not resolved.earliest:
        resolved.earliest, resolved.latest = calendar_bounds(resolved.value)
    event, event_start, event_end = _infobox_key(infobox_rows, cand.start), -1, -1
    if not event and resolved.type in ("DATE", "TIME"):
        event, event_start, event_end, _ = event_for(doc, cand.start, cand.end)
    anchored = resolved.uses_anchor
    return dict(
        doc_id=doc_id, sent_id=sent_id, start=cand.start, end=cand.end, text=text[cand.start:cand.end],
        type=resolved.type, value=resolved.value, mod=resolved.mod, quant=resolved.quant, freq=resolved.freq,
        earliest=resolved.earliest, latest=resolved.latest, granularity=resolved.granularity,
        anchor=_anchor_text(resolved.anchor) if anchored else "", anchor_kind=resolved.anchor_kind if anchored else "",
        range_id=cand.range_id, range_role=cand.range_role if cand.range_id else ("both" if cand.rule == "year_range" else ""),
        ambiguous=resolved.ambiguous, event=event, event_start=event_start, event_end=event_end, rule=cand.rule,
    )


def table_of_rows(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """A table from row dicts, built column by column (cheaper than from records).

    Inferring the type of two dozen small columns is most of what building
    a document's table costs (`tables.frame`)."""
    return frame({column: [row[column] for row in rows] for column in columns}, columns)


def _number_ranges(rows: list[dict], doc_id: str) -> None:
    """Range ids unique in the corpus: doc_id and a running number; a compact
    year range ("2011-12") is a range on its own row."""
    counter = 0
    renamed: dict[str, str] = {}
    for row in rows:
        if row["range_role"] == "both":
            counter += 1
            row["range_id"] = f"{doc_id}#r{counter}"
        elif row["range_id"]:
            if row["range_id"] not in renamed:
                counter += 1
                renamed[row["range_id"]] = f"{doc_id}#r{counter}"
            row["range_id"] = renamed[row["range_id"]]


def _anchor_text(anchor: tuple | None) -> str:
    if not anchor:
        return ""
    y, m, d = anchor
    return "-".join(part for part in (f"{y:04d}", f"{m:02d}" if m else "", f"{d:02d}" if d and m else "") if part)


def _document_text(doc: Doc, sentences: pd.DataFrame, doc_id: str, sentence_rows) -> str:
    """The text the grammar reads: the sentences at their offsets, blanks
    between them. Building it from the sentences table is much cheaper than
    joining every token of the Doc again, and nothing matches across sentences."""
    if sentences is None or "text" not in sentences or not len(sentences):
        return doc.text
    pieces, position = [], 0
    for start, piece in own_rows(sentences, doc_id, "start", "text"):
        if start < position:
            continue
        pieces.append(" " * (start - position))
        pieces.append(piece)
        position = start + len(piece)
    return "".join(pieces) if pieces else doc.text


def _sentence_rows(doc: Doc, sentences: pd.DataFrame, doc_id: str) -> list[tuple[int, int, int]]:
    own = [(int(s), int(e), int(i)) for s, e, i in own_rows(sentences, doc_id, "start", "end", "sent_id")]
    if own:
        return own
    return [(sent.start_char, sent.end_char, i) for i, sent in enumerate(doc.sents)]


def _infobox_rows(infobox: pd.DataFrame, doc_id: str) -> list[tuple[int, int, str]]:
    return [(int(s), int(e), str(k)) for s, e, k in own_rows(infobox, doc_id, "start", "end", "key")]


def _infobox_key(rows: list[tuple[int, int, str]], offset: int) -> str:
    for start, end, key in rows:
        if start <= offset < end:
            return key
    return ""


