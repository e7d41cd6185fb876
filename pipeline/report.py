"""Report: one self-contained HTML page that ties the tables, the charts and
the texts together.

In:  tables by name (any may be empty; a missing optional column falls back
     to a default):
       documents       doc_id, title, date, genre, author, status, chars
       sentences       doc_id, sent_id, start, end, section, text
       entities        doc_id, sent_id, start, end, text, label, entity_id, canonical
       entity_index    entity_id, canonical, label, aliases, mentions, documents
       dates           doc_id, sent_id, start, end, text, type, value, earliest, latest
       events          doc_id, sent_id, start, end, value, earliest, latest, event,
                       participants, evidence
       stances         doc_id, sent_id, start, end, holder, holder_id, target, target_id,
                       stance, cue, cue_start, cue_end, confidence, evidence
       stance_summary  holder, target, favor, against, none, documents
       event_index     event_id, kind, participant, doc_ids, mentions, dates, agreement
       quotes          doc_id, sent_id, quote, speaker, speaker_id, cue, document_date, stated_on
     texts: doc_id -> the document's text exactly as decoded (offsets index it);
     charts_png: chart name -> PNG bytes.
Out: the page as a string. It opens offline: the charts are data URIs, the
     style and script are inline and pinned by hash in a Content-Security-Policy
     that allows nothing else. Every piece of text from the documents and
     tables is HTML-escaped.

The page reads three package files: data/report_template.html, data/report_style.css
and data/report_script.js.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from pipeline import collector
from pipeline.config import PACKAGE_DATA
from pipeline.stages import stage
from pipeline.tables import records

TABLE_NAMES = tuple(name.removesuffix(".csv") for name in stage("report").inputs if name.endswith(".csv"))
ENTITY_LABELS = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
)
STANCES = ("FAVOR", "AGAINST", "NONE")
CHART_CAPTIONS = {
    "entities": "Left: the most mentioned entities, by canonical name, coloured by type. "
                "Right: the same entities' mentions in each document (darker = more).",
    "timeline": "Each dated event on its own row, in time order, on a real time axis: a bar runs from the "
                "earliest to the latest day its date or range can mean, a diamond marks a single day. One event "
                "told by several documents is one row with a mark per document. The label says what happened, "
                "who took part, and the dates; the colour says which document.",
    "stances": "One row per holder and target: statements in favour to the right (blue), against to the "
               "left (vermillion, hatched), with their counts.",
}
# Documents beyond this many start folded, so a large corpus stays navigable.
_OPEN_DOCUMENTS = 5
# Documents beyond this many wait as strings in one JSON data block until
# opened: the browser neither parses nor lays them out, so thousands of
# documents load fast.
_INLINE_DOCUMENTS = 300
# Rows of a table written as HTML and shown at once; the rest wait as JSON.
_PAGE_ROWS = 100


def build_report(
    tables: Mapping[str, pd.DataFrame],
    texts: Mapping[str, str],
    charts_png: Mapping[str, bytes],
    *,
    title: str = "Entities, dates and stances",
) -> str:
    """The report page as HTML.

    Args:
        tables: the pipeline's tables by name (`TABLE_NAMES`); missing or
            empty tables give empty sections.
        texts: each document's text; a document without one is rebuilt from
            its sentences so the links into it still work.
        charts_png: PNG bytes by chart name, drawn in the order given.
        title: the page title.

    Returns:
        One self-contained HTML document.
    """
    data = {name: _frame(tables.get(name)) for name in TABLE_NAMES}
    anchors = _Anchors(_document_ids(data["documents"], texts, data["sentences"]))
    names = _canonical_names(data["entity_index"], data["entities"])
    with collector.paused():  # the rows of every table, alive until their section is written
        sections = [
            ("summary", "Summary", _summary(data, anchors)),
            ("charts", "Charts", _charts(charts_png)),
            ("entity-index", "Entities", _entity_index_table(data, anchors)),
            ("timeline", "Timeline", _events_table(data["events"], data["sentences"], anchors)),
            ("events-across", "Events across documents", _event_index_table(data, anchors)),
            ("stances", "Stances", _stances_table(data, anchors, names)),
            ("quotes", "Quotes", _quotes_table(data, anchors, names)),
            ("documents", "Documents", _documents(data, texts, anchors, names)),
        ]
    body = "\n".join(
        f'<section id="{section_id}"><h2>{_escape(heading)}</h2>\n{content}\n</section>'
        for section_id, heading, content in sections
    )
    nav = " ".join(f'<a href="#{section_id}">{_escape(heading)}</a>' for section_id, heading, _ in sections)
    style, script = _asset("report_style.css"), _asset("report_script.js")
    csp = (
        "default-src 'none'; img-src data:; "
        f"style-src '{_sha256(style)}'; script-src '{_sha256(script)}'; "
        "base-uri 'none'; form-action 'none'"
    )
    parts = {"csp": csp, "title": _escape(title), "style": style, "script": script, "nav": nav, "body": body}
    # One pass, so text inside the parts is never taken for a placeholder.
    return re.sub(r"\{\{(\w+)\}\}", lambda match: parts[match[1]], _asset("report_template.html"))


def sentence_anchor(doc_anchor: str, sent_id: object) -> str:
    """The element id of a sentence in the page: s-<document anchor>-<sent_id>."""
    return f"s-{doc_anchor}-{sent_id}"


# --- page sections -------------------------------------------------------------------------------


def _summary(data: dict[str, pd.DataFrame], anchors: _Anchors) -> str:
    stances = _column(data["stances"], "stance").str.upper()
    entity_count = len(data["entity_index"]) or _column(data["entities"], "entity_id").replace("", pd.NA).nunique()
    counts = [
        (len(anchors), "documents"),
        (len(data["sentences"]), "sentences"),
        (len(data["entities"]), "entity mentions"),
        (entity_count, "distinct entities"),
        (len(data["dates"]), "dates"),
        (len(data["events"]), "dated events"),
        (len(data["event_index"]), "events across documents"),
        (int((_column(data["event_index"], "agreement") == "differs").sum()), "events whose sources disagree"),
        (len(data["stances"]), "stances"),
        (len(data["quotes"]), "quotes"),
    ] + [(int((stances == stance).sum()), f"{stance} stances") for stance in STANCES]
    items = "".join(
        f'<li><span class="count">{count}</span><span class="what">{_escape(what)}</span></li>' for count, what in counts
    )
    return f'<ul class="summary" id="summary-counts">{items}</ul>'


def _charts(charts_png: Mapping[str, bytes]) -> str:
    figures = []
    for name, png in charts_png.items():
        if not png:
            continue
        encoded = base64.b64encode(png).decode("ascii")
        caption = CHART_CAPTIONS.get(name, "")
        figures.append(
            f'<figure class="chart" id="chart-{_slug(name)}">'
            f'<img src="data:image/png;base64,{encoded}" alt="{_escape(name)} chart">'
            f"<figcaption><strong>{_escape(name)}</strong>. {_escape(caption)}</figcaption></figure>"
        )
    return "\n".join(figures) or '<p class="note">No charts were given.</p>'


def _entity_index_table(data: dict[str, pd.DataFrame], anchors: _Anchors) -> str:
    index = data["entity_index"]
    mentions = data["entities"]
    if index.empty and not mentions.empty:
        index = _index_from_mentions(mentions)
    first_mention = _first_mentions(mentions, anchors)
    # Most mentioned first: the order a reader scans in.
    order = pd.DataFrame({
        "mentions": pd.to_numeric(_column(index, "mentions"), errors="coerce").fillna(0).to_numpy(),
        "canonical": _column(index, "canonical").str.casefold().to_numpy(),
    }).sort_values(["mentions", "canonical"], ascending=[False, True], kind="stable").index
    rows = []
    for row in records(index.iloc[order] if len(index) else index):
        entity_id = _text(row.get("entity_id"))
        rows.append([
            first_mention.get(entity_id, ""),
            _text(row.get("canonical")),
            _text(row.get("label")),
            _text(row.get("aliases")).replace("|", " | "),
            (_text(row.get("mentions")), _NUMBER),
            (_text(row.get("documents")), _NUMBER),
            entity_id,
        ])
    columns = [
        _Column("canonical name"), _Column("type"), _Column("aliases"),
        _Column("mentions", numeric=True), _Column("documents", numeric=True), _Column("entity id"),
    ]
    note = "Click a row to see the entity's first mention in its document."
    return _table("entity-index-table", columns, rows, note)


def _events_table(events: pd.DataFrame, sentences: pd.DataFrame, anchors: _Anchors) -> str:
    rows = []
    for row in records(_sorted(events, ["earliest", "latest", "doc_id", "start"])):
        rows.append([
            _sentence_target(row, sentences, anchors),
            (_text(row.get("earliest")), "nowrap"),
            (_text(row.get("latest")), "nowrap"),
            (_text(row.get("value")), "nowrap"),
            _text(row.get("event")),
            _text(row.get("participants")).replace("|", " | "),
            _text(row.get("doc_id")),
            (_text(row.get("evidence")), "evidence"),
        ])
    columns = [
        _Column("earliest"), _Column("latest"), _Column("date (TIMEX3)"), _Column("event"),
        _Column("participants"), _Column("document"), _Column("evidence"),
    ]
    note = "Click a row to see its sentence in the document."
    return _table("events-table", columns, rows, note)


def _event_index_table(data: dict[str, pd.DataFrame], anchors: _Anchors) -> str:
    """Each event with the date every source gives; sources that disagree are marked."""
    first_told = {}
    for row in records(_sorted(data["events"], ["doc_id", "start"])):
        first_told.setdefault(_text(row.get("event_id")), row)
    rows = []
    for row in records(data["event_index"]):
        agreement = _text(row.get("agreement"))
        told = first_told.get(_text(row.get("event_id")))
        rows.append([
            _sentence_target(told, data["sentences"], anchors) if told else "",
            _text(row.get("kind")),
            _text(row.get("participant")) or _text(row.get("participant_id")),
            (_text(row.get("dates")).replace("; ", "\n"), "dates-by-source"),
            (agreement, f"agreement-{agreement}"),
            (_text(row.get("documents")), _NUMBER),
            (_text(row.get("mentions")), _NUMBER),
        ])
    columns = [
        _Column("event"), _Column("who"), _Column("date by source"), _Column("agreement"),
        _Column("documents", numeric=True), _Column("mentions", numeric=True),
    ]
    note = "'differs': two sources give days that cannot both be true. Click a row for the first dated mention."
    return _table("event-index-table", columns, rows, note)


def _quotes_table(data: dict[str, pd.DataFrame], anchors: _Anchors, names: dict[str, str]) -> str:
    """Who said what, and when: each quotation with its speaker and dates
    (`names`: canonical name by entity_id)."""
    rows, unspoken = [], 0
    for row in records(_sorted(data["quotes"], ["doc_id", "start"])):
        if not _text(row.get("speaker")):
            unspoken += 1  # a title or a scare quote: in quotes.csv, not here
            continue
        rows.append([
            _sentence_target(row, data["sentences"], anchors),
            names.get(_text(row.get("speaker_id"))) or _text(row.get("speaker")),
            (_text(row.get("quote")), "evidence"),
            _text(row.get("cue")),
            (_text(row.get("stated_on")), "nowrap"),
            (_text(row.get("document_date")), "nowrap"),
            _text(row.get("doc_id")),
        ])
    columns = [
        _Column("speaker"), _Column("quote"), _Column("verb"), _Column("said on"), _Column("document date"),
        _Column("document"),
    ]
    note = "Click a row to see the quotation in its document."
    if unspoken:
        note += f" {unspoken} quoted words without a speaker (titles, scare quotes) are only in quotes.csv."
    return _table("quotes-table", columns, rows, note)


def _stances_table(data: dict[str, pd.DataFrame], anchors: _Anchors, names: dict[str, str]) -> str:
    rows = []
    for row in records(_sorted(data["stances"], ["doc_id", "start", "cue_start"])):
        stance = _text(row.get("stance")).upper()
        evidence, cue = _text(row.get("evidence")), _cue_in_evidence(row)
        rows.append([
            _sentence_target(row, data["sentences"], anchors),
            names.get(_text(row.get("holder_id"))) or _text(row.get("holder")),
            (stance, f"stance-{stance}") if stance in STANCES else stance,
            names.get(_text(row.get("target_id"))) or _text(row.get("target")),
            _text(row.get("cue")),
            (_text(row.get("confidence")), _NUMBER),
            _text(row.get("doc_id")),
            (evidence, "evidence", *cue) if cue else (evidence, "evidence"),
        ])
    columns = [
        _Column("holder"), _Column("stance"), _Column("target"), _Column("cue"),
        _Column("confidence", numeric=True), _Column("document"), _Column("evidence"),
    ]
    note = "Click a row to see its evidence sentence in the document; the cue is underlined."
    table = _table("stances-table", columns, rows, note)

    summary = data["stance_summary"]
    summary_rows = [
        [
            "", _text(row.get("holder")), _text(row.get("target")),
            (_text(row.get("favor")), _NUMBER), (_text(row.get("against")), _NUMBER),
            (_text(row.get("none")), _NUMBER), _text(row.get("documents")),
        ]
        for row in records(summary)
    ]
    summary_columns = [
        _Column("holder"), _Column("target"), _Column("FAVOR", numeric=True), _Column("AGAINST", numeric=True),
        _Column("NONE", numeric=True), _Column("documents"),
    ]
    return (
        f"{table}\n<h3>Per holder and target</h3>\n"
        f"{_table('stance-summary-table', summary_columns, summary_rows, '')}"
    )


def _documents(data: dict[str, pd.DataFrame], texts: Mapping[str, str], anchors: _Anchors, index_names: dict[str, str]) -> str:
    documents = {_text(row.get("doc_id")): row for row in records(data["documents"])}
    by_doc = {name: _records_by_doc(data[name], columns) for name, columns in _HIGHLIGHT_COLUMNS.items()}
    fold = len(anchors) > _OPEN_DOCUMENTS
    listed, parts, deferred = [], [], {}
    for position, (doc_id, anchor) in enumerate(anchors.items()):
        meta = documents.get(doc_id, {})
        sentences = by_doc["sentences"].get(doc_id, [])
        text = texts.get(doc_id)
        rebuilt = text is None
        if rebuilt:
            text = _text_from_sentences(sentences)
        spans = (
            _entity_spans(by_doc["entities"].get(doc_id), index_names)
            + _date_spans(by_doc["dates"].get(doc_id))
            + _cue_spans(by_doc["stances"].get(doc_id))
        )
        rendered = _render_text(text, _sentence_spans(sentences, anchor), spans)
        heading = _text(meta.get("title")) or doc_id
        details = " · ".join(
            part for part in (
                doc_id if heading != doc_id else "",
                _text(meta.get("genre")), _text(meta.get("author")), _text(meta.get("date")),
                f"{len(sentences)} sentences",
                "" if _text(meta.get("status")) in ("", "ok") else f"status: {_text(meta.get('status'))}",
                "text rebuilt from sentences" if rebuilt else "",
            ) if part
        )
        listed.append([
            f"doc-{anchor}", heading, doc_id, (_text(meta.get("date")), "nowrap"),
            _text(meta.get("genre")), (str(len(sentences)), _NUMBER),
        ])
        body = f'<div class="doc-text">{rendered}</div>'
        if position >= _INLINE_DOCUMENTS:
            deferred[f"doc-{anchor}"], body = body, ""
        parts.append(
            f'<details class="doc" id="doc-{anchor}"{"" if fold else " open"}{" data-deferred" if not body else ""}>'
            f'<summary>{_escape(heading)}<span class="meta">{_escape(details)}</span></summary>'
            f"{body}</details>"
        )
    if not parts:
        return '<p class="note">No documents.</p>'
    columns = [_Column("title"), _Column("document"), _Column("date"), _Column("genre"), _Column("sentences", numeric=True)]
    note = "Filter by title or document id; click a row to open the document."
    return (
        f'{_table("document-list-table", columns, listed, note)}\n{_legend(data["entities"])}\n' + "\n".join(parts)
        + (_data_block("deferred-documents", deferred) if deferred else "")
    )


# The columns a document's text is drawn from, by table: only these become
# dicts, a few tens of thousands of rows each.
_HIGHLIGHT_COLUMNS = {
    "sentences": ("doc_id", "sent_id", "start", "end", "text"),
    "entities": ("doc_id", "start", "end", "label", "entity_id", "canonical"),
    "dates": ("doc_id", "start", "end", "type", "value", "earliest", "latest"),
    "stances": ("doc_id", "cue_start", "cue_end", "stance", "holder", "target"),
}


def _data_block(block_id: str, value: object) -> str:
    """JSON in a non-script <script> element: read as raw text, never run;
    "</" and "<!--" are escaped so the data cannot end the element."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    data = data.replace("</", "<\\/").replace("<!--", "<\\u0021--")
    return f'\n<script type="application/json" id="{block_id}">{data}</script>'



def _legend(entities: pd.DataFrame) -> str:
    present = set(_column(entities, "label"))
    samples = [f'<span class="ent ent-{label} sample">{label}</span>' for label in ENTITY_LABELS if label in present]
    if present - set(ENTITY_LABELS) - {""}:
        samples.append('<span class="ent ent-OTHER sample">other type</span>')
    samples += [
        '<span class="date sample">date</span>',
        '<span class="cue cue-FAVOR sample">FAVOR cue</span>',
        '<span class="cue cue-AGAINST sample">AGAINST cue</span>',
        '<span class="cue sample">neutral cue</span>',
    ]
    return f'<div class="legend">Highlights: {" ".join(samples)}</div>'


# --- rendering a document ------------------------------------------------------------------------


class _Span(NamedTuple):  # tens of thousands per report: a tuple is the cheapest to make
    """A highlighted piece of a document, [start, end), with its markup: the
    element that opens around it (CSS class and tooltip) and the tag shown
    after it (an entity's type), built once however many pieces it covers."""

    start: int
    end: int
    layer: int  # nesting order: lower wraps higher
    opening: str
    tag: str = ""


def _highlight(start: int, end: int, layer: int, css: str, tooltip: str, tag: str = "", tag_css: str = "") -> _Span:
    opening = f'<span class="{css}" title="{_escape(tooltip)}">'
    tag_html = f'<span class="ent-label {tag_css}">{_escape(tag)}</span>' if tag else ""
    return _Span(start, end, layer, opening, tag_html)


def _render_text(text: str, sentences: list[tuple[int, int, str]], spans: list[_Span]) -> str:
    """The text as HTML: sentences as elements with ids, highlights as spans.

    Spans may overlap or cross each other and sentence bounds, so the text
    is cut at every boundary and each piece is wrapped in the spans that
    cover it; the markup stays well formed whatever the offsets.
    """
    size = len(text)
    spans = [span for span in spans if 0 <= span.start < span.end <= size]
    sentences = _disjoint(sentences, size)
    cuts = {0, size}
    for span in spans:
        cuts.update((span.start, span.end))
    for start, end, _ in sentences:
        cuts.update((start, end))
    cuts = sorted(cuts)
    starting: dict[int, list[_Span]] = {}
    for span in spans:
        starting.setdefault(span.start, []).append(span)
    sentence_at = {start: (end, anchor) for start, end, anchor in sentences}

    out: list[str] = []
    active: list[_Span] = []
    sentence_end = None
    for left, right in zip(cuts, cuts[1:]):
        if left in sentence_at:
            sentence_end, anchor = sentence_at[left]
            out.append(f'<span class="sent" id="{anchor}">')
        if active or left in starting:
            active = [span for span in active if span.end > left] + starting.get(left, [])
        if active:
            _wrap(out, html.escape(text[left:right]), active, right)
        else:
            out.append(html.escape(text[left:right]))
        if right == sentence_end:
            out.append("</span>")
            sentence_end = None
    return "".join(out)


def _wrap(out: list[str], piece: str, active: list[_Span], right: int) -> None:
    """A piece of text inside the spans that cover it (the lowest layer
    outermost), then the tags of those that end with it."""
    if len(active) == 1:  # most pieces: one highlight, nothing to order
        span = active[0]
        out.append(f"{span.opening}{piece}</span>{span.tag if span.end == right else ''}")
        return
    innermost_first = sorted(active, key=lambda s: (s.layer, s.start, -s.end), reverse=True)
    out.extend(span.opening for span in reversed(innermost_first))
    out.append(piece)
    out.append("</span>" * len(active))
    for span in sorted(active, key=lambda s: (s.layer, s.start)):
        if span.end == right and span.tag:
            out.append(span.tag)


def _disjoint(sentences: list[tuple[int, int, str]], size: int) -> list[tuple[int, int, str]]:
    """Sentences inside the text, without overlaps (a later overlapping one is dropped)."""
    kept, last_end = [], 0
    for start, end, anchor in sorted(sentences):
        if 0 <= start < end <= size and start >= last_end:
            kept.append((start, end, anchor))
            last_end = end
    return kept


def _sentence_spans(sentences: list[dict], anchor: str) -> list[tuple[int, int, str]]:
    spans = []
    for row in records(sentences):
        start, end = _int(row.get("start")), _int(row.get("end"))
        if start is not None and end is not None:
            spans.append((start, end, sentence_anchor(anchor, _sent_id(row.get("sent_id")))))
    return spans


def _entity_spans(mentions: list[dict] | None, names: dict[str, str]) -> list[_Span]:
    spans = []
    for row in records(mentions):
        start, end = _int(row.get("start")), _int(row.get("end"))
        if start is None or end is None:
            continue
        label = _text(row.get("label")) or "ENTITY"
        css_label = label if label in ENTITY_LABELS else "OTHER"
        canonical = _text(row.get("canonical")) or names.get(_text(row.get("entity_id")), "")
        tooltip = f"{label}: {canonical}" if canonical else label
        spans.append(_highlight(start, end, 0, f"ent ent-{css_label}", tooltip, label, f"ent-{css_label}"))
    return spans


def _date_spans(dates: list[dict] | None) -> list[_Span]:
    spans = []
    for row in records(dates):
        start, end = _int(row.get("start")), _int(row.get("end"))
        if start is None or end is None:
            continue
        kind = _text(row.get("type")) or "DATE"
        value = _text(row.get("value"))
        bounds = " to ".join(part for part in (_text(row.get("earliest")), _text(row.get("latest"))) if part)
        tooltip = " · ".join(part for part in (kind, value and f"value {value}", bounds) if part)
        spans.append(_highlight(start, end, 1, "date", tooltip))
    return spans


def _cue_spans(stances: list[dict] | None) -> list[_Span]:
    spans = []
    for row in records(stances):
        start, end = _int(row.get("cue_start")), _int(row.get("cue_end"))
        if start is None or end is None:
            continue
        stance = _text(row.get("stance")).upper()
        css = f"cue cue-{stance}" if stance in STANCES else "cue"
        tooltip = f"{stance}: {_text(row.get('holder'))} → {_text(row.get('target'))}"
        spans.append(_highlight(start, end, 2, css, tooltip))
    return spans


def _text_from_sentences(sentences: list[dict]) -> str:
    """A stand-in text with each sentence at its offsets, blanks between."""
    pieces: list[str] = []
    position = 0
    for row in sorted(records(sentences), key=lambda row: _int(row.get("start")) or 0):
        start, sentence = _int(row.get("start")), _text(row.get("text"))
        if start is None or start < position:
            continue
        pieces.append(" " * (start - position) + sentence)
        position = start + len(sentence)
    return "".join(pieces)


def _cue_in_evidence(row: dict) -> tuple[int, int] | None:
    """Where the cue lies in the evidence sentence, when the offsets agree."""
    evidence = _text(row.get("evidence"))
    start, cue_start, cue_end = _int(row.get("start")), _int(row.get("cue_start")), _int(row.get("cue_end"))
    if not evidence or None in (start, cue_start, cue_end):
        return None
    left, right = cue_start - start, cue_end - start
    cue = _text(row.get("cue"))
    if not (0 <= left < right <= len(evidence)) or (cue and evidence[left:right] != cue):
        return None
    return left, right


# --- tables --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Column:
    header: str
    numeric: bool = False


# A row of a table is a list, [target, cell, ...], in the form the page's
# script reads (tens of thousands of rows: no object per cell). A cell is its
# text, or (text, classes), or (text, classes, mark start, mark end) to
# underline a piece of it (a stance cue). The script puts text in as text,
# never as markup. `target` is the id a click on the row shows, or "".
_NUMBER = "num"  # the class of a numeric cell


def _table(table_id: str, columns: list[_Column], rows: list[list], note: str) -> str:
    """A sortable, filterable table. Its first page of rows is written as
    HTML; a longer table also keeps every row as compact JSON, which the
    page parses only when the reader sorts, filters or turns a page."""
    if not rows:
        return f'<p class="note" id="{table_id}-empty">None found.</p>'
    number = ' data-type="number"'
    head = "".join(
        f'<th scope="col"{number if column.numeric else ""}><button type="button">{_escape(column.header)}</button></th>'
        for column in columns
    )
    body = "".join(_row_html(row) for row in rows[:_PAGE_ROWS])
    paged = len(rows) > _PAGE_ROWS
    pager = (
        f'<span class="pager" data-table="{table_id}"><button type="button" data-step="-1" disabled>previous</button>'
        f'<span class="note page-of">rows 1–{_PAGE_ROWS}</span><button type="button" data-step="1">next</button></span>'
    ) if paged else ""
    tools = (
        f'<div class="table-tools"><input type="search" class="filter" placeholder="filter rows" '
        f'aria-label="filter rows" data-table="{table_id}" data-counter="{table_id}-count">'
        f'<span id="{table_id}-count" class="note">{len(rows)} rows</span>{pager}'
        f'<span class="note">{_escape(note)} Click a column header to sort.</span></div>'
    )
    page_size = f' data-page-size="{_PAGE_ROWS}"' if paged else ""
    data = _data_block(f"{table_id}-rows", rows) if paged else ""
    return (
        f'{tools}<div class="table-wrap"><table class="data sortable" id="{table_id}"{page_size}>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{data}"
    )


def _row_html(row: list) -> str:
    target = row[0]
    attributes = f' data-target="{_escape(target)}" tabindex="0" title="show in the document"' if target else ""
    return f"<tr{attributes}>{''.join(_cell_html(cell) for cell in row[1:])}</tr>"


def _cell_html(cell: str | tuple) -> str:
    if isinstance(cell, str):
        return f"<td>{_escape(cell)}</td>"
    text, classes, *mark = cell
    attribute = f' class="{classes}"' if classes else ""
    if not mark:
        content = _escape(text)
    else:
        left, right = mark
        content = (
            f'{_escape(text[:left])}<span class="cue-in-evidence">{_escape(text[left:right])}</span>'
            f"{_escape(text[right:])}"
        )
    return f"<td{attribute}>{content}</td>"


# --- lookups -------------------------------------------------------------------------------------


class _Anchors(dict):
    """doc_id -> an id-safe, unique anchor, in document order."""

    def __init__(self, doc_ids: Iterable[str]):
        super().__init__()
        used: set[str] = set()
        for doc_id in doc_ids:
            base = _slug(doc_id) or "doc"
            anchor, number = base, 2
            while anchor in used:
                anchor, number = f"{base}-{number}", number + 1
            used.add(anchor)
            self[doc_id] = anchor


def _document_ids(documents: pd.DataFrame, texts: Mapping[str, str], sentences: pd.DataFrame) -> list[str]:
    """Documents in table order, then any known only by their text or sentences."""
    ordered = list(dict.fromkeys(_column(documents, "doc_id")))
    extra = (set(texts) | set(_column(sentences, "doc_id"))) - set(ordered) - {""}
    return [doc_id for doc_id in ordered if doc_id] + sorted(extra)


def _sentence_target(row: dict, sentences: pd.DataFrame, anchors: _Anchors) -> str:
    """The id of the sentence a row points at: its sent_id, or else the
    sentence that holds its start offset."""
    doc_id = _text(row.get("doc_id"))
    if doc_id not in anchors:
        return ""
    sent_id = _sent_id(row.get("sent_id"))
    if sent_id == "":
        start = _int(row.get("start"))
        if start is None or sentences.empty:
            return ""
        mine = sentences[_column(sentences, "doc_id") == doc_id]
        holding = [
            r for r in records(mine)
            if (_int(r.get("start")) or 0) <= start < (_int(r.get("end")) or 0)
        ]
        if not holding:
            return ""
        sent_id = _sent_id(holding[0].get("sent_id"))
    return sentence_anchor(anchors[doc_id], sent_id)


def _first_mentions(mentions: pd.DataFrame, anchors: _Anchors) -> dict[str, str]:
    """entity_id -> the sentence anchor of its first mention."""
    first: dict[str, str] = {}
    wanted = [name for name in ("doc_id", "sent_id", "entity_id") if name in mentions]
    for row in records(_sorted(mentions, ["doc_id", "start"])[wanted]):
        entity_id = _text(row.get("entity_id"))
        doc_id = _text(row.get("doc_id"))
        sent_id = _sent_id(row.get("sent_id"))
        if entity_id and entity_id not in first and doc_id in anchors and sent_id != "":
            first[entity_id] = sentence_anchor(anchors[doc_id], sent_id)
    return first


def _canonical_names(entity_index: pd.DataFrame, mentions: pd.DataFrame) -> dict[str, str]:
    names: dict[str, str] = {}
    for table in (mentions, entity_index):  # the index has the last word
        for entity_id, canonical in zip(_column(table, "entity_id"), _column(table, "canonical")):
            if entity_id and canonical:
                names[entity_id] = canonical
    return names


def _index_from_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """An entity index when only the mentions are at hand."""
    table = pd.DataFrame({
        "entity_id": _column(mentions, "entity_id"),
        "canonical": _column(mentions, "canonical"),
        "label": _column(mentions, "label"),
        "text": _column(mentions, "text"),
        "doc_id": _column(mentions, "doc_id"),
    })
    table["entity_id"] = table["entity_id"].where(table["entity_id"] != "", table["label"] + ":" + table["text"])
    return (
        table.groupby("entity_id", sort=True)
        .agg(
            canonical=("canonical", "first"), label=("label", "first"),
            aliases=("text", lambda texts: "|".join(sorted(set(texts)))),
            mentions=("text", "size"), documents=("doc_id", "nunique"),
        )
        .reset_index()
    )


# --- small helpers -------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (PACKAGE_DATA / name).read_text(encoding="utf-8")


def _sha256(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _escape(value: object) -> str:
    return html.escape(str(value), quote=True)


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", str(value)).strip("_")


def _frame(table: pd.DataFrame | None) -> pd.DataFrame:
    return table if isinstance(table, pd.DataFrame) else pd.DataFrame()


def _column(table: pd.DataFrame | None, name: str) -> pd.Series:
    if table is None or name not in table:
        return pd.Series([""] * (0 if table is None else len(table)), dtype=object)
    return pd.Series([_text(value) for value in table[name].tolist()], index=table.index, dtype=object)


def _records_by_doc(table: pd.DataFrame, columns: Iterable[str]) -> dict[str, list[dict]]:
    """Each document's rows as dicts of those of `columns` the table has,
    from one pass over it (a DataFrame per document costs more than
    rendering its text)."""
    grouped: dict[str, list[dict]] = {}
    for row in records(table[[name for name in columns if name in table]]):
        grouped.setdefault(_text(row.get("doc_id")), []).append(row)
    return grouped


def _sorted(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    present = [column for column in columns if column in table]
    return table.sort_values(present, kind="stable") if present and not table.empty else table


def _text(value: object) -> str:
    """A cell as text: missing values (None, NaN, NA) are empty."""
    if type(value) is str:  # most cells: the checks below cost more than the rest of a row
        return value
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # list-like values
        pass
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _int(value: object) -> int | None:
    if type(value) is int:
        return value
    text = _text(value).strip()
    try:
        return int(float(text)) if text else None
    except ValueError:
        return None


def _sent_id(value: object) -> str:
    if type(value) is int:
        return str(value)
    number = _int(value)
    return "" if number is None else str(number)
