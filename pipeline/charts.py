"""Charts: the three questions at a glance.

In:  entities (entities.csv: doc_id, label, entity_id, canonical),
     events (events.csv: doc_id, value, earliest, latest, range_id, event, event_kind,
       event_id, participants, evidence),
     stances (stances.csv: doc_id, holder, holder_id, target, target_id, stance).
     A missing optional column falls back to a default; an empty table gives a
     chart that says so.
Out: matplotlib Figures (Agg); the CLI saves them as `charts/<name>.png`.
  entities  the most mentioned canonical entities, by type and by document
  timeline  dated events on a real time axis, one row per event, ranges as bars,
            a mark per document for an event several documents tell
  stances   FAVOR / AGAINST counts for each holder and target

Every figure is drawn at 100 dpi with text of at least 9 pt, and the same
tables always give the same PNG bytes (`png_bytes`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from pipeline import collector
from pipeline.stages import stage
from pipeline.tables import records

if TYPE_CHECKING:  # matplotlib itself is imported on first use, by _mpl
    from matplotlib.figure import Figure

CHART_NAMES = tuple(Path(name).stem for name in stage("charts").outputs)

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
OTHER_COLOUR = "#BBBBBB"
FAVOR_COLOUR, AGAINST_COLOUR = "#0072B2", "#D55E00"
DPI = 100
FONT_SIZE = 10
SMALL_FONT_SIZE = 9  # the smallest text on any chart
TITLE_FONT_SIZE = 14

# Inches per row: enough for one line of 9 pt text with air around it.
_ROW_HEIGHT = 0.3
_WIDTH = 14

_ISO_DAY = re.compile(r"^\s*(?P<year>-?\d{1,4})(?:-(?P<month>\d{1,2}))?(?:-(?P<day>\d{1,2}))?")


@lru_cache(maxsize=1)
def _mpl() -> SimpleNamespace:
    """matplotlib, imported on first use (a third of a second), so that
    commands and runs that draw no chart do not pay for it."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import dates, figure, lines, patches, ticker

    return SimpleNamespace(
        dates=dates, Figure=figure.Figure, Line2D=lines.Line2D, Patch=patches.Patch,
        FuncFormatter=ticker.FuncFormatter, MaxNLocator=ticker.MaxNLocator,
    )


def all_charts(entities: pd.DataFrame, events: pd.DataFrame, stances: pd.DataFrame) -> dict[str, Figure]:
    """Every chart, by name (the keys are `CHART_NAMES`)."""
    with collector.paused():
        return {
            "entities": entities_chart(entities),
            "timeline": timeline_chart(events, entities),
            "stances": stances_chart(stances, entities),
        }


def png_bytes(figure: Figure) -> bytes:
    """Render a figure to PNG at 100 dpi, without a timestamp or software
    tag, so the same figure always gives the same bytes."""
    buffer = io.BytesIO()
    with collector.paused():
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def entities_chart(entities: pd.DataFrame, *, top: int = 20, documents_shown: int = 12) -> Figure:
    """The most mentioned canonical entities: left, their mentions coloured by
    type; right, the same entities' mentions in each document.

    Args:
        entities: one row per mention (doc_id, label, canonical or text).
        top: how many entities to show.
        documents_shown: documents with the most of these mentions get their
            own column; the rest are summed in one "other documents" column.
    """
    table = _mentions(entities)
    figure = _figure(height=max(5.0, _ROW_HEIGHT * min(top, max(len(table), 1)) + 3.2))
    figure.suptitle("Named entities: who and what the texts mention most", fontsize=TITLE_FONT_SIZE)
    by_type, by_document = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.25]})
    if table.empty:
        _empty(by_type, "no entities found", "mentions", "entity (type)")
        _empty(by_document, "no entities found", "document", "entity (type)")
        return figure

    counts = (
        table.groupby(["canonical", "label"]).size().rename("mentions").reset_index()
        .sort_values(["mentions", "canonical", "label"], ascending=[False, True, True], kind="stable")
        .head(top).reset_index(drop=True)
    )
    names = [f"{_short(name, 34)} ({label})" for name, label in zip(counts["canonical"], counts["label"])]
    type_totals = table.groupby("label").size()
    colours, legend_labels = _category_colours(list(counts["label"]), type_totals)

    positions = np.arange(len(counts))
    by_type.barh(positions, counts["mentions"], color=[colours[label] for label in counts["label"]])
    for y, value in zip(positions, counts["mentions"]):
        by_type.annotate(str(value), (value, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=SMALL_FONT_SIZE)
    by_type.set_yticks(positions, names, fontsize=SMALL_FONT_SIZE)
    by_type.set_ylim(len(counts) - 0.5, -0.5)
    by_type.set_xlim(0, counts["mentions"].max() * 1.15 + 0.5)
    by_type.xaxis.set_major_locator(_mpl().MaxNLocator(integer=True))
    by_type.tick_params(axis="x", labelsize=SMALL_FONT_SIZE)
    by_type.set_xlabel("mentions (all documents)", fontsize=FONT_SIZE)
    by_type.set_ylabel("entity (type)", fontsize=FONT_SIZE)
    by_type.set_title(f"Top {len(counts)} of {table['canonical'].nunique()} entities, by type", fontsize=FONT_SIZE + 1)
    by_type.legend(
        handles=[_mpl().Patch(color=colour, label=label) for label, colour in legend_labels],
        title="entity type (all mentions)", fontsize=SMALL_FONT_SIZE, title_fontsize=SMALL_FONT_SIZE, loc="lower right",
    )
    by_type.grid(axis="x", alpha=0.3)

    _document_heatmap(figure, by_document, table, counts, names, documents_shown)
    return figure


def timeline_chart(events: pd.DataFrame, entities: pd.DataFrame | None = None, *, most: int = 60, documents_in_legend: int = 8) -> Figure:
    """Dated events on a real time axis, in time order, one row each: a bar
    from the earliest to the latest day a date can mean, a diamond only for
    a single day. A range ("1992 – October 1994") is one bar; one event told
    by several documents (one event_id) is one row with a mark per document,
    so sources that disagree show as marks apart. Labels say what happened
    and who took part; colour says which document. When most events crowd a
    short period, the axis zooms on it and a date off the axis is a triangle
    at the edge it lies beyond (its label still gives the date).

    Args:
        events: events.csv rows; those without a calendar `earliest` are left out.
        entities: names for the entity ids in event_id (optional).
        most: at most this many rows are drawn; when there are more, they
            are taken in turn from each document (events with participants
            first), so every document is represented, then put in time order.
        documents_in_legend: documents beyond this many share one grey colour.
    """
    every_line = _timeline_lines(events, canonical_names(entities))
    lines = _spread(every_line, most)
    dense = _dense_period(lines)
    figure = _figure(height=max(4.5, _ROW_HEIGHT * len(lines) + 2.6))
    axis = figure.subplots()
    shown = f"{len(lines)} of {len(every_line)}" if len(lines) < len(every_line) else f"{len(lines)}"
    axis.set_title(f"Timeline: {shown} dated events, in time order", fontsize=TITLE_FONT_SIZE)
    if lines.empty:
        _empty(axis, "no dated events found", "date", "events, in time order")
        return figure
    marked = pd.Series([doc_id for marks in lines["marks"] for doc_id, _, _ in marks])
    colours, legend_documents = _document_colours(marked, documents_in_legend)
    beyond = _draw_lines(axis, lines, colours, legend_documents, period=dense)
    if dense:
        edges = "\n◀ ▶ at an edge: a date before or after the zoomed period (the label gives it)" if beyond else ""
        axis.set_xlabel(
            f"date (earliest to latest day each date can mean), zoomed on {dense[0].year}–{dense[1].year}, "
            f"where most events fall{edges}",
            fontsize=FONT_SIZE,
        )
    _timeline_legend(figure, lines, legend_documents, beyond=beyond)
    return figure


def _draw_lines(axis, lines: pd.DataFrame, colours: dict[str, str], legend_documents: dict[str, str], *, period=None) -> int:
    """One row per line: its marks (bar or diamond) in each document's colour, and its label.
    Returns how many marks lie beyond the `period` and wait at its edges."""
    low_day = period[0] if period else min(lines["earliest_day"])
    high_day = period[1] if period else max(day for marks in lines["marks"] for _, _, day in marks)
    low, high = float(_mpl().dates.date2num(low_day)), float(_mpl().dates.date2num(high_day + dt.timedelta(days=1)))
    margin = max(high - low, 60.0) * 0.02
    axis.set_xlim(low - margin, high + margin)
    axis.set_ylim(len(lines) - 0.4, -0.6)
    visible = (high + margin) - (low - margin)
    beyond = 0
    for y, line in enumerate(lines.itertuples(index=False)):
        starts, ends = [], []
        for doc_id, first, last in line.marks:
            start, end = float(_mpl().dates.date2num(first)), float(_mpl().dates.date2num(last + dt.timedelta(days=1)))
            if end <= low or start >= high:  # only with a zoomed period: the mark fills the margin it lies beyond
                start, end = (low - margin, low) if end <= low else (high, high + margin)
                _edge_mark(axis, y, (start + end) / 2, "<" if start < low else ">", colours[doc_id])
                beyond += 1
            else:
                _mark(axis, y, start, end, first == last, colours[doc_id], visible)
            starts.append(start)
            ends.append(end)
        label = line.label if line.doc_id in legend_documents else f"{line.label}  [{_short(line.doc_id, 24)}]"
        _place_label(axis, label, max(min(starts), low - margin), min(max(ends), high + margin), y, visible)
    axis.xaxis_date()
    locator = _mpl().dates.AutoDateLocator(minticks=4, maxticks=12)
    axis.xaxis.set_major_locator(locator)
    axis.xaxis.set_major_formatter(_mpl().dates.ConciseDateFormatter(locator))
    axis.tick_params(axis="x", labelsize=FONT_SIZE)
    axis.set_yticks([])
    axis.set_xlabel("date (earliest to latest day each date can mean)", fontsize=FONT_SIZE)
    axis.set_ylabel("events, in time order", fontsize=FONT_SIZE)
    axis.grid(axis="x", alpha=0.3)
    for y in range(len(lines)):
        axis.axhline(y, color="#EEEEEE", linewidth=0.6, zorder=0)
    return beyond


def _mark(axis, y: int, start: float, end: float, single_day: bool, colour: str, visible: float) -> None:
    """A diamond for a single day; otherwise a bar, at least wide enough to see."""
    if single_day:
        axis.plot((start + end) / 2, y, marker="D", markersize=7, color=colour, markeredgecolor="black", markeredgewidth=0.5)
        return
    width = max(end - start, visible * 0.004)
    axis.barh(y, width, left=(start + end - width) / 2, height=0.55, color=colour, edgecolor="black", linewidth=0.4)


def _edge_mark(axis, y: int, x: float, direction: str, colour: str) -> None:
    """A triangle pointing off the axis, for a date outside the zoomed period."""
    axis.plot(x, y, marker=direction, markersize=8, color=colour, markeredgecolor="black", markeredgewidth=0.5)


def _timeline_legend(figure: Figure, lines: pd.DataFrame, legend_documents: dict[str, str], *, beyond: int = 0) -> None:
    handles = [_mpl().Patch(color=colour, label=_short(name, 40)) for name, colour in legend_documents.items()]
    shown_documents = {doc_id for marks in lines["marks"] for doc_id, _, _ in marks}
    others = sorted(shown_documents - set(legend_documents))
    if others:
        handles.append(_mpl().Patch(color=OTHER_COLOUR, label=f"{len(others)} other documents (id in brackets)"))
    handles += [
        _mpl().Line2D([], [], marker="D", linestyle="", color="#777777", markeredgecolor="black", label="a single day"),
        _mpl().Patch(facecolor="#777777", edgecolor="black", label="a longer date or a range (month, year, period)"),
    ]
    if beyond:
        handles.append(_mpl().Line2D(
            [], [], marker="<", linestyle="", color="#777777", markeredgecolor="black", label="a date beyond the zoomed period, at its edge",
        ))
    figure.legend(
        handles=handles, title="document / shape", loc="outside lower center", ncol=min(4, len(handles)),
        fontsize=SMALL_FONT_SIZE, title_fontsize=SMALL_FONT_SIZE, frameon=False,
    )


def stances_chart(stances: pd.DataFrame, entities: pd.DataFrame | None = None, *, most: int = 30) -> Figure:
    """One row per holder and target: FAVOR bars to the right, AGAINST to the
    left, each with its count. Holders and targets are named canonically
    (through `entities` when their ids are linked there).

    Args:
        stances: stances.csv rows.
        entities: entities.csv rows, to map holder_id/target_id to canonical names.
        most: at most this many holder-target pairs (the most frequent).
    """
    table = _stance_pairs(stances, entities)
    decided = table[table["stance"].isin(["FAVOR", "AGAINST"])]
    neutral = int((table["stance"] == "NONE").sum())
    figure = _figure(height=6)
    axis = figure.subplots()
    figure.suptitle("Stances: who is for or against what", fontsize=TITLE_FONT_SIZE)
    if decided.empty:
        _empty(axis, "no FAVOR or AGAINST stances found", "statements", "holder → target")
        return figure

    counts, pairs = _stance_counts(decided, most)
    figure.set_size_inches(_WIDTH, max(4.0, _ROW_HEIGHT * 1.3 * len(counts) + 2.6))
    positions = np.arange(len(counts))
    _draw_stance_bars(axis, positions, counts)
    labels = [f"{_short(h, 38)}  →  {_short(t, 38)}" for h, t in zip(counts["holder_name"], counts["target_name"])]
    axis.set_yticks(positions, labels, fontsize=FONT_SIZE)
    axis.set_ylim(len(counts) - 0.5, -0.5)
    limit = int(counts[["FAVOR", "AGAINST"]].to_numpy().max()) * 1.15 + 0.6
    axis.set_xlim(-limit, limit)
    axis.xaxis.set_major_locator(_mpl().MaxNLocator(integer=True))
    axis.xaxis.set_major_formatter(_mpl().FuncFormatter(lambda x, _: f"{abs(int(round(x)))}"))
    axis.tick_params(axis="x", labelsize=FONT_SIZE)
    axis.axvline(0, color="black", linewidth=0.8)
    axis.grid(axis="x", alpha=0.3)
    axis.set_xlabel("statements   (← AGAINST  |  FAVOR →)", fontsize=FONT_SIZE)
    axis.set_ylabel("holder  →  target", fontsize=FONT_SIZE)
    notes = []
    if len(counts) < pairs:
        notes.append(f"the {len(counts)} most frequent of {pairs} pairs")
    if neutral:
        notes.append(f"{neutral} neutral (NONE) not drawn")
    if notes:
        axis.set_title("; ".join(notes), fontsize=SMALL_FONT_SIZE, loc="left")
    figure.legend(loc="outside lower center", ncol=2, fontsize=FONT_SIZE, frameon=False)
    return figure


def _stance_counts(decided: pd.DataFrame, most: int) -> tuple[pd.DataFrame, int]:
    """FAVOR, AGAINST and total per holder-target pair, the `most` frequent
    in holder order; and how many pairs there were in all."""
    counts = (
        decided.groupby(["holder_name", "target_name", "stance"]).size().unstack(fill_value=0)
        .reindex(columns=["FAVOR", "AGAINST"], fill_value=0).reset_index()
    )
    counts["total"] = counts["FAVOR"] + counts["AGAINST"]
    shown = (
        counts.sort_values(["total", "holder_name", "target_name"], ascending=[False, True, True], kind="stable")
        .head(most)
        .sort_values(["holder_name", "total", "target_name"], ascending=[True, False, True], kind="stable", key=_casefold)
        .reset_index(drop=True)
    )
    return shown, len(counts)


def _draw_stance_bars(axis, positions: np.ndarray, counts: pd.DataFrame) -> None:
    """FAVOR bars to the right and AGAINST bars to the left, each with its count."""
    axis.barh(positions, counts["FAVOR"], color=FAVOR_COLOUR, label="FAVOR (supports)", height=0.6)
    axis.barh(positions, -counts["AGAINST"], color=AGAINST_COLOUR, label="AGAINST (opposes)", height=0.6, hatch="//", edgecolor="white", linewidth=0)
    for y, favor, against in zip(positions, counts["FAVOR"], counts["AGAINST"]):
        if favor:
            axis.annotate(str(favor), (favor, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=FONT_SIZE)
        if against:
            axis.annotate(str(against), (-against, y), xytext=(-3, 0), textcoords="offset points", va="center", ha="right", fontsize=FONT_SIZE)


def canonical_names(entities: pd.DataFrame | None) -> dict[str, str]:
    """entity_id -> canonical name, from entities.csv or entity_index.csv rows."""
    if entities is None or entities.empty or "entity_id" not in entities or "canonical" not in entities:
        return {}
    pairs = entities[["entity_id", "canonical"]].dropna().astype(str)
    pairs = pairs[(pairs["entity_id"] != "") & (pairs["canonical"] != "")]
    return dict(pairs.drop_duplicates("entity_id").itertuples(index=False, name=None))


def parse_day(value: object, *, last: bool = False) -> dt.date | None:
    """The first (or `last`) day of an ISO date, month or year ("1991",
    "1991-10", "1991-10-16", "1991-10-16T09:00"); None when not a calendar date."""
    match = _ISO_DAY.match(str(value)) if value is not None else None
    if not match or match["year"].startswith("-"):
        return None
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else (12 if last else 1)
    try:
        if match["day"]:
            return dt.date(year, month, int(match["day"]))
        if last:
            following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(year, month, 1)
    except (ValueError, OverflowError):
        return None


def _figure(*, height: float) -> Figure:
    # A Figure without pyplot: no global registry to leak into or close.
    return _mpl().Figure(figsize=(_WIDTH, height), dpi=DPI, layout="constrained")


def _column(table: pd.DataFrame, name: str, default: str = "") -> pd.Series:
    if name in table:
        return table[name].fillna(default).astype(str)
    return pd.Series([default] * len(table), index=table.index, dtype=object)


def _mentions(entities: pd.DataFrame) -> pd.DataFrame:
    """doc_id, label, canonical for each mention; the surface text stands in
    for a missing canonical name."""
    if entities is None or entities.empty:
        return pd.DataFrame(columns=["doc_id", "label", "canonical"])
    canonical = _column(entities, "canonical")
    text = _column(entities, "text")
    table = pd.DataFrame({
        "doc_id": _column(entities, "doc_id", "document"),
        "label": _column(entities, "label", "ENTITY").replace("", "ENTITY"),
        "canonical": canonical.where(canonical.str.strip() != "", text).str.strip(),
    })
    return table[table["canonical"] != ""].reset_index(drop=True)


def _category_colours(shown: list[str], totals: pd.Series) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """A colour per type in the order types appear; past the palette, grey."""
    colours: dict[str, str] = {}
    for label in shown:
        if label not in colours:
            colours[label] = PALETTE[len(colours)] if len(colours) < len(PALETTE) - 1 else OTHER_COLOUR
    legend = [(f"{label} ({int(totals.get(label, 0))})", colour) for label, colour in colours.items() if colour != OTHER_COLOUR]
    if OTHER_COLOUR in colours.values():
        legend.append(("other types", OTHER_COLOUR))
    return colours, legend


def _document_heatmap(figure: Figure, axis, table: pd.DataFrame, counts: pd.DataFrame, names: list[str], documents_shown: int) -> None:
    """Mentions of each top entity (rows) in each document (columns)."""
    top = table.merge(counts[["canonical", "label"]], on=["canonical", "label"])
    per_document = top.groupby("doc_id").size().sort_values(ascending=False, kind="stable")
    per_document = per_document.reset_index().sort_values([0, "doc_id"], ascending=[False, True], kind="stable")
    documents = list(per_document["doc_id"].head(documents_shown))
    grid = top.pivot_table(index=["canonical", "label"], columns="doc_id", aggfunc="size", fill_value=0)
    grid = grid.reindex(pd.MultiIndex.from_frame(counts[["canonical", "label"]]), fill_value=0)
    matrix = grid.reindex(columns=documents, fill_value=0)
    columns = [_short(doc_id, 26) for doc_id in documents]
    rest = sorted(set(grid.columns) - set(documents))
    if rest:
        matrix = matrix.assign(__other=grid[rest].sum(axis=1))
        columns.append(f"{len(rest)} other documents")
    values = matrix.to_numpy()
    image = axis.imshow(values, aspect="auto", cmap="Blues", vmin=0, vmax=max(int(values.max()), 1), interpolation="nearest")
    threshold = values.max() * 0.6
    if values.size <= 600:  # a number in every cell stays legible up to about this many
        for (y, x), value in np.ndenumerate(values):
            if value:
                axis.text(x, y, str(value), ha="center", va="center", fontsize=SMALL_FONT_SIZE,
                          color="white" if value > threshold else "black")
    axis.set_xticks(range(len(columns)), columns, rotation=35, ha="right", rotation_mode="anchor", fontsize=SMALL_FONT_SIZE)
    axis.set_yticks(range(len(names)), names, fontsize=SMALL_FONT_SIZE)
    axis.set_xlabel("document", fontsize=FONT_SIZE)
    axis.set_ylabel("entity (type)", fontsize=FONT_SIZE)
    axis.set_title("The same entities, mentions per document", fontsize=FONT_SIZE + 1)
    bar = figure.colorbar(image, ax=axis, shrink=0.8, pad=0.01)
    bar.set_label("mentions", fontsize=FONT_SIZE)
    bar.ax.tick_params(labelsize=SMALL_FONT_SIZE)
    bar.ax.yaxis.set_major_locator(_mpl().MaxNLocator(integer=True))


def _timeline_lines(events: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The rows of the timeline, in time order: doc_id (of the first mark),
    earliest_day, marks [(doc_id, first day, last day)], label, has_participants.

    The two ends of a range make one mark; the dates of one event_id make
    one row, a mark per document."""
    columns = ["doc_id", "earliest_day", "marks", "label", "has_participants"]
    dated = _dated(events)
    if dated.empty:
        return pd.DataFrame(columns=columns)
    groups: dict[str, list[dict]] = {}
    for i, row in enumerate(records(dated)):
        key = (f"event {row['event_id']}" if row["event_id"] else
               f"range {row['doc_id']} {row['range_id']}" if row["range_id"] else f"row {i}")
        groups.setdefault(key, []).append(row)
    table = pd.DataFrame([_line(rows, names) for rows in groups.values()], columns=columns)
    return table.sort_values(["earliest_day", "doc_id", "label"], kind="stable").reset_index(drop=True)


def _line(rows: list[dict], names: dict[str, str]) -> dict:
    """One timeline row from the dated mentions (in time order) that make it."""
    first = rows[0]
    if first["range_id"] and all(r["range_id"] == first["range_id"] and r["doc_id"] == first["doc_id"] for r in rows):
        marks = [(first["doc_id"], min(r["earliest_day"] for r in rows), max(r["latest_day"] for r in rows))]
        when = " – ".join(dict.fromkeys(r["value"] for r in rows))
    else:
        marks = sorted(dict.fromkeys((r["doc_id"], r["earliest_day"], r["latest_day"]) for r in rows), key=lambda m: (m[1], m[0]))
        when = "; ".join(dict.fromkeys(r["value"] for r in rows))
    who = first["participants"] or names.get(first["event_id"].partition(":")[2], "")
    what = first["event_kind"] if first["event_id"] and len(rows) > 1 else first["event"]
    return {
        "doc_id": marks[0][0], "earliest_day": marks[0][1], "marks": marks,
        "label": _event_label(what, who, first["evidence"], when, marks[0][1]),
        "has_participants": bool(who.strip()),
    }


def _dated(events: pd.DataFrame) -> pd.DataFrame:
    """Events with calendar bounds as dates, in time order."""
    columns = ["doc_id", "earliest_day", "latest_day", "value", "event", "event_kind", "event_id", "range_id", "participants", "evidence"]
    if events is None or events.empty:
        return pd.DataFrame(columns=columns)
    earliest = [parse_day(value) for value in _column(events, "earliest")]
    latest = [parse_day(value, last=True) for value in _column(events, "latest")]
    # Without bounds, the TIMEX3 value itself may still name a calendar day, month or year.
    values = _column(events, "value")
    earliest = [day or parse_day(value) for day, value in zip(earliest, values)]
    latest = [
        max(late, early) if late and early else (early and (parse_day(value, last=True) or early))
        for late, early, value in zip(latest, earliest, values)
    ]
    table = pd.DataFrame({
        "doc_id": _column(events, "doc_id", "document").to_numpy(), "earliest_day": earliest, "latest_day": latest,
        **{name: _column(events, name).to_numpy() for name in columns[3:]},
    })
    table = table[table["earliest_day"].notna()]
    return table.sort_values(["earliest_day", "latest_day", "doc_id"], kind="stable").reset_index(drop=True)[columns]


def _spread(lines: pd.DataFrame, most: int) -> pd.DataFrame:
    """At most `most` rows, taken in turn from each document so that a
    long document cannot crowd out the others; back in time order."""
    if len(lines) <= most:
        return lines.reset_index(drop=True)
    ranked = lines.assign(
        _bare=~lines["has_participants"].astype(bool),
        _order=range(len(lines)),
    ).sort_values(["doc_id", "_bare", "_order"], kind="stable")
    ranked["_turn"] = ranked.groupby("doc_id").cumcount()
    chosen = ranked.sort_values(["_turn", "doc_id"], kind="stable").head(most)
    return lines.loc[sorted(chosen.index)].reset_index(drop=True)


def _dense_period(lines: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """The period most rows fall in, when it is under a fifth of the whole
    axis (one early event squeezes the rest); None otherwise. It takes in
    the dates within a quarter of its length, so that only far ones wait at
    its edges."""
    if len(lines) < 8:
        return None
    days = sorted(lines["earliest_day"])
    last_days = [day for marks in lines["marks"] for _, _, day in marks]
    low, high = days[len(days) // 10], days[-1 - len(days) // 10]
    whole = (max(last_days) - days[0]).days
    if whole <= 0 or (high - low).days * 5 >= whole:
        return None
    reach = dt.timedelta(days=(high - low).days // 4)
    low = min(day for day in days if day >= low - reach)
    high = max([high] + [day for day in last_days if day <= high + reach])
    pad = dt.timedelta(days=max((high - low).days // 20, 15))
    return low - pad, high + pad


def _event_label(event: str, participants: str, evidence: str, value: str, earliest: dt.date | None) -> str:
    """What happened — to whom (when)."""
    what = _short(event, 40) if event.strip() else _short(evidence, 40) if evidence.strip() else "dated mention"
    who = f" — {_short(participants.replace('|', ', ').replace(';', ','), 45)}" if participants.strip() else ""
    when = value.strip() or (earliest.isoformat() if earliest else "")
    return f"{what}{who} ({_short(when, 24)})" if when else f"{what}{who}"


def _document_colours(doc_ids: pd.Series, limit: int) -> tuple[dict[str, str], dict[str, str]]:
    """A palette colour for each of the documents with the most events (up
    to `limit`); the rest share grey. Returns (colour per doc, legend docs)."""
    frequency = doc_ids.value_counts().reset_index()
    frequency.columns = ["doc_id", "events"]
    ranked = list(frequency.sort_values(["events", "doc_id"], ascending=[False, True], kind="stable")["doc_id"])
    slots = limit if len(ranked) <= limit else limit - 1
    slots = min(slots, len(PALETTE))
    legend = {doc_id: PALETTE[i] for i, doc_id in enumerate(sorted(ranked[:slots]))}
    colours = {doc_id: legend.get(doc_id, OTHER_COLOUR) for doc_id in ranked}
    return colours, legend


def _place_label(axis, label: str, start: float, end: float, y: int, visible: float) -> None:
    """Put an event's label beside its bar, on whichever side has more room;
    over the bar (on a white box) when the bar fills the axis."""
    low, high = axis.get_xlim()
    room_left, room_right = (start - low) / visible, (high - end) / visible
    # About 0.0043 of a 14-inch axis per 9 pt character.
    needed = len(label) * 0.0045 + 0.01
    if room_right >= needed or room_right >= room_left and room_right > 0.25:
        axis.annotate(label, (end, y), xytext=(6, 0), textcoords="offset points", va="center", ha="left", fontsize=SMALL_FONT_SIZE)
    elif room_left >= needed or room_left > 0.25:
        axis.annotate(label, (start, y), xytext=(-6, 0), textcoords="offset points", va="center", ha="right", fontsize=SMALL_FONT_SIZE)
    else:
        axis.annotate(
            label, (max(start, low), y), xytext=(6, 0), textcoords="offset points", va="center", ha="left",
            fontsize=SMALL_FONT_SIZE, bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        )


def _stance_pairs(stances: pd.DataFrame, entities: pd.DataFrame | None) -> pd.DataFrame:
    """holder_name, target_name, stance per row; names canonical when linked."""
    if stances is None or stances.empty:
        return pd.DataFrame(columns=["holder_name", "target_name", "stance"])
    names = canonical_names(entities)

    def named(text_column: str, id_column: str) -> list[str]:
        texts, ids = _column(stances, text_column), _column(stances, id_column)
        return [names.get(entity_id) or " ".join(text.split()) or entity_id or "(unknown)" for text, entity_id in zip(texts, ids)]

    return pd.DataFrame({
        "holder_name": named("holder", "holder_id"),
        "target_name": named("target", "target_id"),
        "stance": _column(stances, "stance").str.upper().str.strip(),
    })


def _casefold(column: pd.Series) -> pd.Series:
    # Sort names as a reader would: "BAGHDAD" next to "Baghdad", not after "Zurich".
    return column.str.casefold() if pd.api.types.is_string_dtype(column) else column


def _short(text: object, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _empty(axis, message: str, xlabel: str, ylabel: str) -> None:
    axis.text(0.5, 0.5, message, ha="center", va="center", fontsize=FONT_SIZE + 2, transform=axis.transAxes)
    axis.set_xticks([])
    axis.set_yticks([])
    axis.set_xlabel(xlabel, fontsize=FONT_SIZE)
    axis.set_ylabel(ylabel, fontsize=FONT_SIZE)
