"""Charts: readable, honest and repeatable figures from small inline tables."""

from __future__ import annotations

import datetime as dt
import gc
import itertools

import matplotlib.colors as mcolors
import matplotlib.dates as mdates
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text

from pipeline import charts

ENTITIES = pd.DataFrame({
    "doc_id": ["greens", "greens", "greens", "league", "league", "league"],
    "sent_id": [0, 1, 2, 0, 1, 1],
    "start": [0, 20, 40, 0, 15, 30],
    "end": [11, 31, 50, 14, 26, 40],
    "text": ["Green Union", "the Union", "Anna Berg", "Workers League", "Green Union", "Freedonia"],
    "label": ["ORG", "ORG", "PERSON", "ORG", "ORG", "GPE"],
    "entity_id": ["ORG:green_union", "ORG:green_union", "PERSON:anna_berg", "ORG:workers_league", "ORG:green_union", "GPE:freedonia"],
    "canonical": ["Green Union", "Green Union", "Anna Berg", "Workers' League", "Green Union", "Freedonia"],
})

EVENTS = pd.DataFrame({
    "doc_id": ["greens", "greens", "league"],
    "sent_id": [1, 2, 0],
    "start": [5, 40, 60],
    "end": [9, 44, 70],
    "value": ["1990", "2019-05", "2019-05-12"],
    "earliest": ["1990-01-01", "2019-05-01", "2019-05-12"],
    "latest": ["1990-12-31", "2019-05-31", "2019-05-12"],
    "event": ["founded", "banned", "ruling"],
    "participants": ["Green Union|Anna Berg", "Green Union", ""],
    "evidence": ["It was founded in 1990.", "The party was banned in May 2019.", "The ruling of 12.05.2019."],
})

STANCES = pd.DataFrame({
    "doc_id": ["league", "league", "league", "greens"],
    "sent_id": [1, 2, 3, 4],
    "holder": ["the League", "the League", "the League", "Anna Berg"],
    "holder_id": ["ORG:workers_league", "ORG:workers_league", "ORG:workers_league", "PERSON:anna_berg"],
    "target": ["Green Union", "the ruling", "Green Union", "Freedonia"],
    "target_id": ["ORG:green_union", "", "ORG:green_union", "GPE:freedonia"],
    "stance": ["FAVOR", "AGAINST", "FAVOR", "NONE"],
})


def _drawn(figure: Figure) -> Figure:
    FigureCanvasAgg(figure).draw()
    return figure


def _texts(figure: Figure) -> list[Text]:
    return [text for text in figure.findobj(Text) if text.get_visible() and text.get_text().strip()]


def _all_figures():
    return {
        "entities": charts.entities_chart(ENTITIES),
        "timeline": charts.timeline_chart(EVENTS),
        "stances": charts.stances_chart(STANCES, ENTITIES),
    }


def _many_events(count: int = 40, years: int = 80, documents: int = 50) -> pd.DataFrame:
    rows = []
    for i in range(count):
        year = 1940 + (i * 37) % years  # scattered, with some years shared
        if i % 3 == 0:
            earliest, latest, value = f"{year}-01-01", f"{year + i % 7}-12-31", f"{year}/{year + i % 7}"
        else:
            earliest = latest = value = f"{year}-{i % 12 + 1:02d}-{i % 27 + 1:02d}"
        rows.append({
            "doc_id": f"statement_{(i * 7) % documents:02d}", "value": value, "earliest": earliest, "latest": latest,
            "event": f"event {i} happened", "participants": "Green Union|Workers' League", "evidence": "…",
        })
    # Six events on one day: the hardest case for labels placed on the axis.
    rows += [dict(rows[1], event=f"same-day event {i}", doc_id=f"statement_{i:02d}") for i in range(6)]
    return pd.DataFrame(rows)


def test_all_charts_returns_every_named_chart():
    figures = charts.all_charts(ENTITIES, EVENTS, STANCES)
    assert tuple(figures) == charts.CHART_NAMES
    assert all(isinstance(figure, Figure) for figure in figures.values())


@pytest.mark.parametrize("name", charts.CHART_NAMES)
def test_every_chart_has_a_title_and_labelled_axes(name):
    figure = _drawn(_all_figures()[name])
    titles = [figure.get_suptitle()] + [axis.get_title(loc) for axis in figure.axes for loc in ("left", "center", "right")]
    assert any(title.strip() for title in titles)
    for axis in figure.axes:
        assert axis.get_xlabel().strip() or axis.get_ylabel().strip(), f"unlabelled axis in {name}"


@pytest.mark.parametrize("name", charts.CHART_NAMES)
def test_text_is_at_least_nine_points(name):
    figure = _drawn(_all_figures()[name])
    sizes = {text.get_text(): text.get_fontsize() for text in _texts(figure)}
    assert sizes, "no text drawn"
    assert min(sizes.values()) >= 9, {text: size for text, size in sizes.items() if size < 9}


@pytest.mark.parametrize("name", charts.CHART_NAMES)
def test_colours_are_explained_by_a_legend(name):
    figure = _drawn(_all_figures()[name])
    legends = list(figure.legends) + [axis.get_legend() for axis in figure.axes if axis.get_legend()]
    assert legends
    assert all(legend.get_texts() for legend in legends)


@pytest.mark.parametrize("name", charts.CHART_NAMES)
def test_png_bytes_repeat_exactly(name):
    first = charts.png_bytes(_all_figures()[name])
    second = charts.png_bytes(_all_figures()[name])
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert first == second


@pytest.mark.parametrize("name", charts.CHART_NAMES)
@pytest.mark.parametrize("table", ["empty", "bare"])
def test_missing_data_gives_a_chart_not_an_error(name, table):
    frames = {
        "empty": pd.DataFrame(),
        "bare": pd.DataFrame({"doc_id": ["a"]}),  # every optional column missing
    }[table]
    figure = {"entities": charts.entities_chart, "timeline": charts.timeline_chart, "stances": charts.stances_chart}[name](frames)
    assert charts.png_bytes(figure)
    messages = " ".join(text.get_text() for text in _texts(_drawn(figure)))
    assert "no " in messages


@pytest.mark.parametrize(
    ("value", "last", "expected"),
    [
        ("1991", False, dt.date(1991, 1, 1)),
        ("1991", True, dt.date(1991, 12, 31)),
        ("1992-02", True, dt.date(1992, 2, 29)),
        ("1991-10-16T09:30", False, dt.date(1991, 10, 16)),
        ("1789-07-14", False, dt.date(1789, 7, 14)),  # before pandas' nanosecond range
        ("PRESENT_REF", False, None),
        ("XXXX-10", False, None),
        ("1991-13-01", False, None),
        ("", False, None),
    ],
)
def test_parse_day(value, last, expected):
    assert charts.parse_day(value, last=last) == expected


def test_timeline_puts_each_event_on_its_own_row_in_time_order():
    figure = _drawn(charts.timeline_chart(EVENTS))
    labels = [text.get_text() for text in figure.axes[0].texts if isinstance(text, Annotation)]
    assert len(labels) == 3
    assert labels[0].startswith("founded — Green Union, Anna Berg (1990)")
    assert labels[1].startswith("banned — Green Union")
    assert labels[2].startswith("ruling")


def test_timeline_draws_ranges_as_bars_and_days_as_markers():
    axis = _drawn(charts.timeline_chart(EVENTS)).axes[0]
    bars = [patch for patch in axis.patches if isinstance(patch, Rectangle) and patch.get_width() > 0]
    assert len(bars) == 2  # the year 1990 and May 2019: a month is a bar however thin, never a diamond
    assert sorted(bar.get_width() for bar in bars)[-1] == pytest.approx(365, abs=1)
    markers = [line for line in axis.lines if line.get_marker() == "D"]
    assert len(markers) == 1  # 12 May 2019, the one single day


def test_timeline_draws_a_range_as_one_bar():
    events = pd.DataFrame({
        "doc_id": ["a", "a", "a"], "value": ["1992", "1994-10", "2001-03-05"],
        "earliest": ["1992-01-01", "1994-10-01", "2001-03-05"], "latest": ["1992-12-31", "1994-10-31", "2001-03-05"],
        "event": ["led", "led", "met"], "participants": ["Anna Berg", "Anna Berg", ""], "range_id": ["a#r1", "a#r1", ""],
    })
    axis = _drawn(charts.timeline_chart(events)).axes[0]
    labels = [text.get_text() for text in axis.texts if isinstance(text, Annotation)]
    assert labels[0] == "led — Anna Berg (1992 – 1994-10)" and len(labels) == 2
    [bar] = [patch for patch in axis.patches if isinstance(patch, Rectangle) and patch.get_width() > 0]
    assert bar.get_width() == pytest.approx((dt.date(1994, 11, 1) - dt.date(1992, 1, 1)).days, abs=1)


def test_one_event_told_by_two_documents_is_one_row_with_a_mark_each():
    events = pd.DataFrame({
        "doc_id": ["encyclopedia", "statement"], "value": ["2015-09-04", "2015-08-03"],
        "earliest": ["2015-09-04", "2015-08-03"], "latest": ["2015-09-04", "2015-08-03"],
        "event": ["Banned", "decision"], "event_kind": ["ban", "ban"], "participants": ["", ""],
        "event_id": ["ban:ORG:green_union", "ban:ORG:green_union"],
    })
    axis = _drawn(charts.timeline_chart(events, ENTITIES)).axes[0]
    [label] = [text.get_text() for text in axis.texts if isinstance(text, Annotation)]
    assert label == "ban — Green Union (2015-08-03; 2015-09-04)"
    markers = [line for line in axis.lines if line.get_marker() == "D"]
    assert len(markers) == 2 and len({mcolors.to_hex(m.get_color()) for m in markers}) == 2
    assert {line.get_ydata()[0] for line in markers} == {0}


def _dated_once(days: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": "a", "earliest": days, "latest": days, "event": [f"event {i}" for i in range(len(days))]})


def _edge_marks(axis, direction: str) -> list:
    return [line for line in axis.lines if line.get_marker() == direction]


def test_the_axis_zooms_when_one_early_event_squeezes_the_rest():
    recent = [f"2019-{month:02d}-10" for month in range(1, 11)]
    figure = _drawn(charts.timeline_chart(_dated_once(["1921-03-02"] + recent)))
    [axis] = figure.axes  # one panel: no row is drawn twice
    low, high = axis.get_xlim()
    assert mdates.num2date(low).year >= 2018 and "zoomed on 2018–2019" in axis.get_xlabel()
    # The early event keeps its row: a triangle at the left edge, its label giving the date.
    [edge] = _edge_marks(axis, "<")
    assert low <= edge.get_xdata()[0] < mdates.date2num(dt.date(2019, 1, 10)) and edge.get_ydata()[0] == 0
    labels = [text.get_text() for text in axis.texts if isinstance(text, Annotation)]
    assert len(labels) == 11 and labels[0] == "event 0 (1921-03-02)"
    assert any("beyond the zoomed period" in text.get_text() for text in figure.legends[0].get_texts())


def test_a_late_outlier_waits_at_the_right_edge_of_the_zoomed_axis():
    early = [f"1950-{month:02d}-20" for month in range(1, 11)]
    axis = _drawn(charts.timeline_chart(_dated_once(early + ["2031-06-01"]))).axes[0]
    low, high = axis.get_xlim()
    assert mdates.num2date(high).year <= 1951
    [edge] = _edge_marks(axis, ">")
    assert mdates.date2num(dt.date(1950, 10, 20)) < edge.get_xdata()[0] <= high and edge.get_ydata()[0] == 10
    assert not _edge_marks(axis, "<")


def test_a_zoom_with_every_mark_on_the_axis_explains_no_edge_marks():
    # A range running decades past a crowded year widens the axis without taking any event off it.
    days = [f"2019-{month:02d}-10" for month in range(1, 10)]
    events = _dated_once(days).assign(latest=days[:-1] + ["2045-12-31"])
    figure = _drawn(charts.timeline_chart(events))
    [axis] = figure.axes
    assert "zoomed on" in axis.get_xlabel() and "at an edge" not in axis.get_xlabel()
    assert not _edge_marks(axis, "<") and not _edge_marks(axis, ">")
    assert not any("beyond the zoomed period" in text.get_text() for text in figure.legends[0].get_texts())


def test_evenly_spread_events_need_no_zoom():
    figure = _drawn(charts.timeline_chart(_dated_once([f"{1921 + 10 * i}-01-01" for i in range(11)])))
    [axis] = figure.axes
    low, high = axis.get_xlim()
    assert low < mdates.date2num(dt.date(1921, 1, 1)) and high > mdates.date2num(dt.date(2021, 1, 1))
    assert not _edge_marks(axis, "<") and not _edge_marks(axis, ">") and "zoomed" not in axis.get_xlabel()


def test_timeline_reaches_back_before_1678():
    events = pd.DataFrame({"doc_id": ["a", "a"], "earliest": ["1789-07-14", "1917-11-07"], "latest": ["1789-07-14", "1917-11-07"], "event": ["stormed", "seized"]})
    axis = _drawn(charts.timeline_chart(events)).axes[0]
    low, high = axis.get_xlim()
    assert low < mdates.date2num(dt.date(1789, 7, 14)) < mdates.date2num(dt.date(1917, 11, 7)) < high


def test_timeline_labels_never_overlap_with_forty_events_in_eighty_years():
    figure = _drawn(charts.timeline_chart(_many_events()))
    renderer = figure.canvas.get_renderer()
    page = figure.bbox
    boxes = [text.get_window_extent(renderer) for text in figure.axes[0].texts if isinstance(text, Annotation)]
    assert len(boxes) == 46
    for box in boxes:
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    for first, second in itertools.combinations(boxes, 2):
        assert not first.overlaps(second)


def test_timeline_legend_is_capped_with_many_documents():
    figure = _drawn(charts.timeline_chart(_many_events(), documents_in_legend=8))
    entries = [text.get_text() for text in figure.legends[0].get_texts()]
    documents = [entry for entry in entries if entry.startswith("statement_")]
    assert len(documents) == 7
    assert any("other documents" in entry for entry in entries)
    # Events of grey documents carry their document's id in the label.
    labels = [text.get_text() for text in figure.axes[0].texts]
    assert any(label.endswith("]") and "[statement_" in label for label in labels)


def test_timeline_caps_rows_but_keeps_every_document():
    events = _many_events(count=120, documents=10)
    figure = _drawn(charts.timeline_chart(events, most=30))
    labels = [text.get_text() for text in figure.axes[0].texts if isinstance(text, Annotation)]
    assert len(labels) == 30
    assert "30 of 126" in figure.axes[0].get_title()


def _bars_by_colour(axis) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for patch in axis.patches:
        if isinstance(patch, Rectangle) and patch.get_width():
            found.setdefault(mcolors.to_hex(patch.get_facecolor()).upper(), []).append(patch.get_width())
    return found


def test_stances_use_the_colour_blind_safe_pair_and_show_counts():
    axis = _drawn(charts.stances_chart(STANCES, ENTITIES)).axes[0]
    bars = _bars_by_colour(axis)
    assert sorted(bars) == ["#0072B2", "#D55E00"]
    assert sorted(bars["#0072B2"]) == [2]  # FAVOR to the right
    assert sorted(bars["#D55E00"]) == [-1]  # AGAINST to the left
    counts = sorted(text.get_text() for text in axis.texts)
    assert counts == ["1", "2"]


def test_stance_holders_are_named_canonically():
    axis = _drawn(charts.stances_chart(STANCES, ENTITIES)).axes[0]
    rows = [label.get_text() for label in axis.get_yticklabels()]
    assert "Workers' League  →  Green Union" in rows
    assert "Workers' League  →  the ruling" in rows  # an unlinked target keeps its text
    assert not any("the League" in row for row in rows)


def test_stances_say_how_many_neutral_ones_are_not_drawn():
    figure = _drawn(charts.stances_chart(STANCES, ENTITIES))
    assert "1 neutral" in " ".join(text.get_text() for text in _texts(figure))


def test_entities_rank_canonical_names_and_sum_other_documents():
    many = pd.concat([ENTITIES.assign(doc_id=f"doc_{i:02d}") for i in range(20)], ignore_index=True)
    figure = _drawn(charts.entities_chart(many, top=3, documents_shown=5))
    ranking, grid = figure.axes[0], figure.axes[1]
    assert [label.get_text() for label in ranking.get_yticklabels()] == [
        "Green Union (ORG)", "Anna Berg (PERSON)", "Freedonia (GPE)",
    ]
    columns = [label.get_text() for label in grid.get_xticklabels()]
    assert len(columns) == 6 and columns[-1] == "15 other documents"
    assert grid.images[0].get_array()[0, -1] == 15 * 3  # Green Union: three mentions in each other document


def test_matplotlib_is_imported_only_when_a_chart_is_drawn():
    import subprocess
    import sys

    probe = (
        "import sys, pandas as pd; from pipeline import workflow, charts; "
        "before = 'matplotlib' in sys.modules; charts.stances_chart(pd.DataFrame()); "
        "print(before, 'matplotlib' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["False", "True"]


def test_drawing_leaves_the_cycle_collector_as_it_found_it(monkeypatch):
    assert gc.isenabled()
    figure = charts.all_charts(ENTITIES, EVENTS, STANCES)["timeline"]
    seen_while_saving = []
    real_savefig = Figure.savefig
    monkeypatch.setattr(Figure, "savefig", lambda self, *a, **k: seen_while_saving.append(gc.isenabled()) or real_savefig(self, *a, **k))
    assert charts.png_bytes(figure).startswith(b"\x89PNG")
    assert seen_while_saving == [False] and gc.isenabled()
    # Switched off by the caller, it stays off; a failing draw switches it back on.
    gc.disable()
    try:
        charts.png_bytes(figure)
        assert not gc.isenabled()
    finally:
        gc.enable()
    monkeypatch.setattr(Figure, "savefig", lambda self, *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        charts.png_bytes(figure)
    assert gc.isenabled()
