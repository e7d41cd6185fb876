"""Charts: the three questions at a glance.

In:  entities (entities.csv), events (events.csv), stances (stances.csv).
Out: matplotlib Figures; the CLI saves them as `charts/<name>.png`.
  entities  mentions by type and document, and the most mentioned entities
  timeline  dated events on a time axis, ranges as bars, one colour per document
  stances   FAVOR / AGAINST counts for each holder and target
"""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

CHART_NAMES = ("entities", "timeline", "stances")

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FAVOR_COLOUR, AGAINST_COLOUR, NONE_COLOUR = "#0072B2", "#D55E00", "#999999"
FONT_SIZE = 10


def all_charts(entities: pd.DataFrame, events: pd.DataFrame, stances: pd.DataFrame) -> dict[str, Figure]:
    return {
        "entities": entities_chart(entities),
        "timeline": timeline_chart(events),
        "stances": stances_chart(stances),
    }


def png_bytes(figure: Figure) -> bytes:
    """Render a figure to PNG without a timestamp, so the bytes repeat."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def entities_chart(entities: pd.DataFrame, *, top: int = 20) -> Figure:
    """Left: mentions per entity type, one bar per document. Right: the most
    mentioned entities (canonical names), coloured by type."""
    figure, (by_type, by_entity) = plt.subplots(1, 2, figsize=(14, 7), gridspec_kw={"width_ratios": [1, 1.4]})
    figure.suptitle("Named entities", fontsize=FONT_SIZE + 4)
    if entities.empty:
        _empty(by_type, "no entities found")
        _empty(by_entity, "no entities found")
        return figure

    counts = entities.groupby(["label", "doc_id"]).size().unstack(fill_value=0).sort_index()
    documents = list(counts.columns)
    positions = np.arange(len(counts.index))
    height = 0.8 / max(len(documents), 1)
    for i, doc_id in enumerate(documents):
        by_type.barh(positions + i * height, counts[doc_id], height=height, color=PALETTE[i % len(PALETTE)], label=_short(doc_id, 40))
    by_type.set_yticks(positions + height * (len(documents) - 1) / 2, counts.index, fontsize=FONT_SIZE)
    by_type.invert_yaxis()
    by_type.set_xlabel("mentions", fontsize=FONT_SIZE)
    by_type.set_ylabel("entity type", fontsize=FONT_SIZE)
    by_type.set_title("Mentions by type and document", fontsize=FONT_SIZE + 1)
    if len(documents) <= 12:
        by_type.legend(title="document", fontsize=FONT_SIZE - 1, title_fontsize=FONT_SIZE)

    frequent = (
        entities.groupby(["canonical", "label"]).size().rename("mentions").reset_index()
        .sort_values(["mentions", "canonical"], ascending=[False, True]).head(top).iloc[::-1]
    )
    labels = sorted(frequent["label"].unique())
    colours = {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(labels)}
    by_entity.barh(
        [_short(name, 45) for name in frequent["canonical"]], frequent["mentions"],
        color=[colours[label] for label in frequent["label"]],
    )
    for label in labels:
        by_entity.bar(0, 0, color=colours[label], label=label)
    by_entity.legend(title="type", fontsize=FONT_SIZE - 1, title_fontsize=FONT_SIZE, loc="lower right")
    by_entity.tick_params(labelsize=FONT_SIZE)
    by_entity.set_xlabel("mentions", fontsize=FONT_SIZE)
    by_entity.set_title(f"Most mentioned entities (top {min(top, len(frequent))})", fontsize=FONT_SIZE + 1)
    figure.tight_layout()
    return figure


def timeline_chart(events: pd.DataFrame, *, most: int = 60) -> Figure:
    """Each dated event on its own row of a real time axis: a bar from its
    earliest to its latest day, labelled with what happened and to whom."""
    rows = _dated(events).head(most)
    figure, axis = plt.subplots(figsize=(14, max(4, 0.38 * len(rows) + 1.8)))
    axis.set_title("Timeline of dated events", fontsize=FONT_SIZE + 4)
    if rows.empty:
        _empty(axis, "no dated events found")
        return figure
    documents = sorted(rows["doc_id"].unique())
    colours = {doc_id: PALETTE[i % len(PALETTE)] for i, doc_id in enumerate(documents)}
    for y, row in enumerate(rows.itertuples()):
        width = max((row.latest_day - row.earliest_day).days + 1, 1)
        axis.barh(y, width, left=row.earliest_day, height=0.6, color=colours[row.doc_id], alpha=0.85)
        axis.plot(row.earliest_day, y, marker="|", color=colours[row.doc_id], markersize=10)
        axis.annotate(
            _short(row.label, 70), (row.earliest_day, y), xytext=(4, 0), textcoords="offset points",
            va="center", fontsize=FONT_SIZE - 1,
        )
    axis.set_yticks([])
    axis.invert_yaxis()
    axis.set_xlabel("date", fontsize=FONT_SIZE)
    axis.set_ylabel("events, in time order", fontsize=FONT_SIZE)
    axis.tick_params(labelsize=FONT_SIZE)
    first, last = rows["earliest_day"].min(), rows["latest_day"].max()
    span = max((last - first).days, 365)
    axis.set_xlim(first - pd.Timedelta(days=span * 0.03), last + pd.Timedelta(days=span * 0.35))
    for doc_id in documents:
        axis.barh(0, 0, color=colours[doc_id], label=_short(doc_id, 40))
    axis.legend(title="document", fontsize=FONT_SIZE - 1, title_fontsize=FONT_SIZE, loc="lower right")
    axis.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    return figure


def stances_chart(stances: pd.DataFrame) -> Figure:
    """One row per holder and target: FAVOR bars to the right, AGAINST to the left."""
    figure, axis = plt.subplots(figsize=(12, 6))
    axis.set_title("Who is for or against what", fontsize=FONT_SIZE + 4)
    decided = stances[stances["stance"].isin(["FAVOR", "AGAINST"])] if not stances.empty else stances
    if decided.empty:
        _empty(axis, "no stances found")
        return figure
    counts = (
        decided.assign(pair=decided["holder"].map(lambda h: _short(h, 40)) + "  →  " + decided["target"].map(lambda t: _short(t, 40)))
        .groupby(["pair", "stance"]).size().unstack(fill_value=0)
        .reindex(columns=["FAVOR", "AGAINST"], fill_value=0)
        .sort_index(ascending=False)
    )
    figure.set_size_inches(12, max(3.5, 0.42 * len(counts) + 1.8))
    positions = np.arange(len(counts))
    axis.barh(positions, counts["FAVOR"], color=FAVOR_COLOUR, label="FAVOR")
    axis.barh(positions, -counts["AGAINST"], color=AGAINST_COLOUR, label="AGAINST")
    for y, (favor, against) in enumerate(zip(counts["FAVOR"], counts["AGAINST"])):
        if favor:
            axis.annotate(str(favor), (favor, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=FONT_SIZE)
        if against:
            axis.annotate(str(against), (-against, y), xytext=(-3, 0), textcoords="offset points", va="center", ha="right", fontsize=FONT_SIZE)
    axis.set_yticks(positions, counts.index, fontsize=FONT_SIZE)
    limit = max(int(counts.to_numpy().max()), 1) + 1
    axis.set_xlim(-limit, limit)
    axis.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _: f"{abs(int(x))}"))
    axis.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    axis.axvline(0, color="black", linewidth=0.8)
    axis.set_xlabel("statements  (← AGAINST | FAVOR →)", fontsize=FONT_SIZE)
    axis.set_ylabel("holder  →  target", fontsize=FONT_SIZE)
    axis.legend(fontsize=FONT_SIZE, loc="lower right")
    figure.tight_layout()
    return figure


def _dated(events: pd.DataFrame) -> pd.DataFrame:
    """Events with calendar bounds as timestamps, in time order."""
    if events.empty or "earliest" not in events:
        return pd.DataFrame(columns=["doc_id", "earliest_day", "latest_day", "label"])
    table = events.copy()
    table["earliest_day"] = pd.to_datetime(table["earliest"], errors="coerce", format="%Y-%m-%d")
    table["latest_day"] = pd.to_datetime(table["latest"], errors="coerce", format="%Y-%m-%d")
    table = table.dropna(subset=["earliest_day"])
    table["latest_day"] = table["latest_day"].fillna(table["earliest_day"])
    participants = table["participants"].fillna("") if "participants" in table else ""
    table["label"] = [
        f"{event or 'dated'}" + (f" — {textwrap.shorten(str(who), 40)}" if who else "") + f" ({value})"
        for event, who, value in zip(table.get("event", ""), participants, table.get("value", ""))
    ]
    return table.sort_values(["earliest_day", "latest_day", "doc_id", "label"], kind="stable").reset_index(drop=True)


def _short(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _empty(axis, message: str) -> None:
    axis.text(0.5, 0.5, message, ha="center", va="center", fontsize=FONT_SIZE + 2, transform=axis.transAxes)
    axis.set_xticks([])
    axis.set_yticks([])
