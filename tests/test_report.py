"""Report: a self-contained page, escaped text, and a real browser that
sorts its tables and jumps from a stance to its evidence."""

from __future__ import annotations

import base64
import gc
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import charts, report

HOSTILE = "<script>window.__pwned = true;</script>"
HOSTILE_IMAGE = '<img src=x onerror="window.__pwned = true">'
FILLER = "The committee met again and nothing was decided. "


def _corpus(documents: int = 7) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """A small corpus: a long statement (so its last sentence is far down the
    page), a document full of markup, and a few short ones."""
    statement = "Workers League\n\n" + FILLER * 60 + "The Workers League supports the Green Union. We oppose the ban of 2019."
    hostile = f"Notes {HOSTILE} and {HOSTILE_IMAGE} in 1990.\nAnna Berg said {{{{body}}}} twice."
    texts = {"statement": statement, "hostile": hostile}
    texts.update({f"short_{i}": f"Short note {i} about Freedonia." for i in range(documents - 2)})

    sentence_rows = []
    for doc_id, text in texts.items():
        position = 0
        for sent_id, sentence in enumerate(re.findall(r"[^.\n]+[.\n]?", text)):
            start = text.index(sentence, position)
            stripped = sentence.strip()
            start += sentence.index(stripped[:1]) if stripped else 0
            if stripped:
                sentence_rows.append({
                    "doc_id": doc_id, "sent_id": len([r for r in sentence_rows if r["doc_id"] == doc_id]),
                    "start": start, "end": start + len(stripped), "section": "", "text": stripped,
                })
            position = start + len(stripped)
    sentences = pd.DataFrame(sentence_rows)

    def span(doc_id: str, needle: str, occurrence: int = 0) -> tuple[int, int, int]:
        text = texts[doc_id]
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(needle, start + 1)
        end = start + len(needle)
        row = sentences[(sentences.doc_id == doc_id) & (sentences.start <= start) & (sentences.end >= end)].iloc[0]
        return int(row.sent_id), start, end

    mention_rows = []
    for doc_id, needle, label, entity_id, canonical in [
        ("statement", "Workers League", "ORG", "ORG:league", "Workers' League"),
        ("statement", "Green Union", "ORG", "ORG:greens", "Green Union"),
        ("hostile", "Anna Berg", "PERSON", "PERSON:berg", HOSTILE),
        ("hostile", "script", "ORG", "ORG:script", "script"),
        ("short_0", "Freedonia", "GPE", "GPE:freedonia", "Freedonia"),
    ]:
        sent_id, start, end = span(doc_id, needle)
        mention_rows.append({
            "doc_id": doc_id, "sent_id": sent_id, "start": start, "end": end, "text": texts[doc_id][start:end],
            "label": label, "entity_id": entity_id, "canonical": canonical,
        })
    entities = pd.DataFrame(mention_rows)
    entity_index = pd.DataFrame({
        "entity_id": ["GPE:freedonia", "ORG:greens", "ORG:league", "ORG:script", "PERSON:berg"],
        "canonical": ["Freedonia", "Green Union", "Workers' League", "script", HOSTILE],
        "label": ["GPE", "ORG", "ORG", "ORG", "PERSON"],
        "aliases": ["Freedonia", "Green Union", "Workers League", "script", "Anna Berg"],
        "mentions": [10, 2, 9, 1, 1],
        "documents": [1, 1, 1, 1, 1],
    })

    sent_id, start, end = span("statement", "2019")
    sent_1990, start_1990, end_1990 = span("hostile", "1990")
    dates = pd.DataFrame([
        {"doc_id": "statement", "sent_id": sent_id, "start": start, "end": end, "text": "2019", "type": "DATE",
         "value": "2019", "earliest": "2019-01-01", "latest": "2019-12-31"},
        {"doc_id": "hostile", "sent_id": sent_1990, "start": start_1990, "end": end_1990, "text": "1990", "type": "DATE",
         "value": "1990", "earliest": "1990-01-01", "latest": "1990-12-31"},
    ])
    events = dates.drop(columns=["text", "type"]).assign(
        event=["ban", HOSTILE], participants=["Green Union", "Anna Berg"], event_id=["ban:ORG:greens", ""],
        evidence=[sentences.set_index(["doc_id", "sent_id"]).loc[(d, s), "text"] for d, s in zip(dates.doc_id, dates.sent_id)],
    )

    stance_rows = []
    for cue, holder, holder_id, target, stance in [
        ("supports", "The Workers League", "ORG:league", "the Green Union", "FAVOR"),
        ("oppose", "We", "ORG:league", "the ban", "AGAINST"),
    ]:
        sent_id, cue_start, cue_end = span("statement", cue)
        sentence = sentences[(sentences.doc_id == "statement") & (sentences.sent_id == sent_id)].iloc[0]
        stance_rows.append({
            "doc_id": "statement", "sent_id": sent_id, "start": int(sentence.start), "end": int(sentence.end),
            "holder": holder, "holder_id": holder_id, "target": target, "target_id": "", "stance": stance,
            "cue": cue, "cue_start": cue_start, "cue_end": cue_end, "confidence": 0.9, "evidence": sentence.text,
        })
    stance_rows.append({
        "doc_id": "hostile", "sent_id": 0, "start": 0, "end": 5, "holder": HOSTILE, "holder_id": "PERSON:berg",
        "target": HOSTILE_IMAGE, "target_id": "", "stance": "NONE", "cue": "", "cue_start": None, "cue_end": None,
        "confidence": 0.1, "evidence": HOSTILE,
    })
    stances = pd.DataFrame(stance_rows)
    summary = pd.DataFrame({
        "holder": ["Workers' League", HOSTILE], "target": ["the Green Union", "x"],
        "favor": [1, 0], "against": [1, 0], "none": [0, 1], "documents": ["statement", "hostile"],
    })
    documents = pd.DataFrame({
        "doc_id": list(texts), "path": [f"corpus/{d}.txt" for d in texts],
        "title": ["Statement of the Workers League", HOSTILE] + [""] * (documents - 2),
        "date": [""] * documents, "genre": ["statement"] * documents, "author": [""] * documents,
        "status": ["ok"] * documents, "chars": [len(t) for t in texts.values()],
    })
    event_index = pd.DataFrame({
        "event_id": ["ban:ORG:greens"], "kind": ["ban"], "participant_id": ["ORG:greens"], "participant": ["Green Union"],
        "documents": [2], "doc_ids": ["statement; short_0"], "mentions": [2],
        "dates": ["short_0: 2019-05-02; statement: 2019"], "earliest": ["2019-01-01"], "latest": ["2019-12-31"],
        "agreement": ["differs"],
    })
    quote_sent, quote_start, quote_end = span("statement", "We oppose the ban of 2019")
    quotes = pd.DataFrame([{
        "doc_id": "statement", "sent_id": quote_sent, "start": quote_start, "end": quote_end,
        "quote": "We oppose the ban of 2019", "speaker": HOSTILE, "speaker_id": "ORG:league", "cue": "said",
        "document_date": "2019-05-02", "stated_on": "2019-05-01",
    }, {
        "doc_id": "hostile", "sent_id": 0, "start": 0, "end": 5, "quote": "Notes", "speaker": "", "speaker_id": "",
        "cue": "", "document_date": "", "stated_on": "",
    }])
    tables = {
        "documents": documents, "sentences": sentences, "entities": entities, "entity_index": entity_index,
        "dates": dates, "events": events, "event_index": event_index, "stances": stances, "stance_summary": summary,
        "quotes": quotes,
    }
    return tables, texts


def _charts(tables) -> dict[str, bytes]:
    figures = charts.all_charts(tables["entities"], tables["events"], tables["stances"])
    return {name: charts.png_bytes(figure) for name, figure in figures.items()}


class _Page(HTMLParser):
    """Collects tags, ids, the inline scripts and each document's visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.targets: list[str] = []
        self.scripts: list[str] = []
        self.document_texts: list[str] = []
        self.balanced = True
        self._in_script = False
        self._text_depth: int | None = None
        self._label_depth: int | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in ("meta", "img", "input", "br"):
            self.stack.append(tag)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if "data-target" in attributes:
            self.targets.append(attributes["data-target"])
        self._in_script = tag == "script"
        classes = (attributes.get("class") or "").split()
        if "doc-text" in classes:
            self._text_depth = len(self.stack)
            self.document_texts.append("")
        if "ent-label" in classes and self._text_depth is not None:
            self._label_depth = len(self.stack)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.balanced = False
            return
        if self._label_depth == len(self.stack):
            self._label_depth = None
        if self._text_depth == len(self.stack):
            self._text_depth = None
        self.stack.pop()
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)
        elif self._text_depth is not None and self._label_depth is None:
            self.document_texts[-1] += data


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def corpus():
    tables, texts = _corpus()
    return tables, texts, _charts(tables)


def test_report_is_well_formed_and_keeps_every_document_text(corpus):
    tables, texts, pngs = corpus
    page = _parse(report.build_report(tables, texts, pngs))
    assert page.balanced and not page.stack
    assert page.document_texts == list(texts.values())
    assert len(page.ids) == len(set(page.ids))


def test_building_the_page_leaves_the_cycle_collector_as_it_found_it(corpus):
    tables, texts, pngs = corpus
    assert gc.isenabled()
    first = report.build_report(tables, texts, pngs)
    assert gc.isenabled()
    gc.disable()
    try:
        assert report.build_report(tables, texts, pngs) == first
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_document_text_and_table_values_are_escaped(corpus):
    tables, texts, pngs = corpus
    page = report.build_report(tables, texts, pngs)
    assert page.count("<script") == 1  # the page's own script
    assert "<img src=x" not in page
    assert "&lt;script&gt;window.__pwned = true;&lt;/script&gt;" in page
    assert "{{body}}" in page  # a placeholder inside a document stays text


def test_the_only_script_is_pinned_by_the_content_security_policy(corpus):
    tables, texts, pngs = corpus
    page_html = report.build_report(tables, texts, pngs)
    [script] = _parse(page_html).scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page_html)[1]
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy


def test_the_page_needs_no_network(corpus):
    tables, texts, pngs = corpus
    page = report.build_report(tables, texts, pngs)
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
    assert page.count('src="data:image/png;base64,') == len(charts.CHART_NAMES)


def test_every_row_points_at_a_sentence_in_the_page(corpus):
    tables, texts, pngs = corpus
    page = _parse(report.build_report(tables, texts, pngs))
    assert page.targets
    assert set(page.targets) <= set(page.ids)
    assert "s-statement-" + str(tables["stances"].sent_id.iloc[0]) in page.targets


def test_summary_counts(corpus):
    tables, texts, pngs = corpus
    page = report.build_report(tables, texts, pngs)
    summary = re.search(r'<ul class="summary".*?</ul>', page)[0]
    found = dict((what, int(count)) for count, what in re.findall(r'"count">(\d+)</span><span class="what">([^<]+)<', summary))
    assert found["documents"] == 7
    assert found["entity mentions"] == 5
    assert found["distinct entities"] == 5
    assert found["stances"] == 3
    assert found["FAVOR stances"] == 1 and found["AGAINST stances"] == 1 and found["NONE stances"] == 1
    assert found["events across documents"] == 1 and found["events whose sources disagree"] == 1


def test_quotes_name_their_speaker_canonically_and_link_to_their_sentence(corpus):
    tables, texts, pngs = corpus
    page = report.build_report(tables, texts, pngs)
    table = re.search(r'<table class="data sortable" id="quotes-table">.*?</table>', page, re.S)[0]
    assert "<td>Workers&#x27; League</td>" in table and "2019-05-01" in table
    assert table.count("<tr") == 2  # the header and the one spoken quote; words without a speaker stay in quotes.csv
    assert "1 quoted words without a speaker" in page
    assert f'data-target="s-statement-{tables["quotes"].sent_id.iloc[0]}"' in table


def test_events_across_documents_show_each_source_and_mark_disagreement(corpus):
    tables, texts, pngs = corpus
    page = report.build_report(tables, texts, pngs)
    table = re.search(r'<table class="data sortable" id="event-index-table">.*?</table>', page, re.S)[0]
    assert '<td class="agreement-differs">differs</td>' in table
    assert "short_0: 2019-05-02\nstatement: 2019" in table
    sent_id = tables["events"].set_index("event_id").loc["ban:ORG:greens", "sent_id"]
    assert f'data-target="s-statement-{sent_id}"' in table


def test_the_same_tables_give_the_same_page(corpus):
    tables, texts, pngs = corpus
    assert report.build_report(tables, texts, pngs) == report.build_report(tables, texts, pngs)


def test_entity_index_lists_the_most_mentioned_first(corpus):
    tables, texts, pngs = corpus
    page = report.build_report(tables, texts, pngs)
    table = re.search(r'<table class="data sortable" id="entity-index-table">.*?</table>', page)[0]
    assert re.findall(r'<td class="num">(\d+)</td><td class="num">\d+</td>', table) == ["10", "9", "2", "1", "1"]


def test_build_report_does_not_change_its_tables(corpus):
    tables, texts, pngs = corpus
    before = {name: table.copy() for name, table in tables.items()}
    report.build_report(tables, texts, pngs)
    for name, table in tables.items():
        pd.testing.assert_frame_equal(table, before[name])


@pytest.mark.parametrize("missing", ["all", "texts", "optional columns", "sent_id"])
def test_missing_inputs_still_give_a_page(corpus, missing):
    tables, texts, pngs = corpus
    if missing == "all":
        tables, texts, pngs = {}, {}, {}
    elif missing == "texts":
        texts = {}
    elif missing == "optional columns":
        tables = {name: table[[c for c in table.columns if c in ("doc_id", "start", "end")]] for name, table in tables.items()}
    elif missing == "sent_id":
        tables = {name: table.drop(columns=["sent_id"]) if name in ("events", "stances") else table for name, table in tables.items()}
    page = _parse(report.build_report(tables, texts, pngs))
    assert page.balanced
    if missing == "texts":  # rebuilt from sentences, so the links still land
        assert set(page.targets) <= set(page.ids)
        assert any("Workers League supports" in text for text in page.document_texts)
    if missing == "sent_id":  # found again through the start offset
        assert set(page.targets) <= set(page.ids) and len(page.targets) >= 5


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab <&>\"'\n"), min_size=1, max_size=40),
    raw_spans=st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45), st.sampled_from(["entities", "dates", "stances"])), max_size=8),
)
def test_any_overlap_of_highlights_keeps_markup_and_text_intact(text, raw_spans):
    rows = {"entities": [], "dates": [], "stances": []}
    for a, b, kind in raw_spans:
        start, end = min(a, b), max(a, b)
        if kind == "stances":
            rows[kind].append({"doc_id": "d", "cue_start": start, "cue_end": end, "stance": "FAVOR"})
        else:
            rows[kind].append({"doc_id": "d", "start": start, "end": end, "label": "ORG"})
    sentences = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1], "start": [0, len(text) // 2], "end": [len(text) // 2, len(text)]})
    tables = {name: pd.DataFrame(found) for name, found in rows.items()} | {"sentences": sentences}
    page = _parse(report.build_report(tables, {"d": text}, {}))
    assert page.balanced
    assert page.document_texts == [text]


# --- in a real browser ---------------------------------------------------------------------------

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser_page(corpus, tmp_path_factory):
    """The report opened in headless Chromium, with its console messages and requests."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not importable: the browser test needs it to drive Chromium")
    executable = next((found for name in BROWSERS if (found := shutil.which(name))), None)
    if executable is None:
        pytest.skip(f"no Chromium found on PATH (looked for {', '.join(BROWSERS)}); install Debian's `chromium`")
    tables, texts, pngs = corpus
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(report.build_report(tables, texts, pngs), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        messages, requests = [], []
        page.on("console", lambda message: messages.append((message.type, message.text)))
        page.on("pageerror", lambda error: messages.append(("error", str(error))))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_selector("html[data-ready='true']")
        yield page, messages, requests, tables
        browser.close()


def test_browser_loads_without_errors_or_network(browser_page):
    page, messages, requests, _ = browser_page
    assert [m for m in messages if m[0] in ("error", "warning")] == []
    assert all(url.startswith(("file:", "data:")) for url in requests), requests


def test_browser_loads_every_image(browser_page):
    page, *_ = browser_page
    widths = page.eval_on_selector_all("img", "images => images.map(i => i.complete ? i.naturalWidth : 0)")
    assert len(widths) == len(charts.CHART_NAMES)
    assert all(width > 0 for width in widths)


def test_browser_tables_hold_every_row(browser_page):
    page, _, _, tables = browser_page
    for table_id, name in [
        ("entity-index-table", "entity_index"), ("events-table", "events"),
        ("stances-table", "stances"), ("stance-summary-table", "stance_summary"),
        ("event-index-table", "event_index"),
    ]:
        assert page.locator(f"#{table_id} tbody tr").count() == len(tables[name]), table_id
    assert page.locator("#quotes-table tbody tr").count() == (tables["quotes"]["speaker"] != "").sum()


def test_browser_sorts_a_column_as_numbers_both_ways(browser_page):
    page, *_ = browser_page
    header = page.locator("#entity-index-table thead th", has_text="mentions").locator("button")
    values = "rows => rows.map(r => Number(r.cells[3].textContent))"
    header.click()
    assert page.eval_on_selector_all("#entity-index-table tbody tr", values) == [1, 1, 2, 9, 10]
    header.click()
    assert page.eval_on_selector_all("#entity-index-table tbody tr", values) == [10, 9, 2, 1, 1]


def test_browser_filter_hides_rows(browser_page):
    page, *_ = browser_page
    page.fill("input[data-table='entity-index-table']", "union")
    assert page.locator("#entity-index-table tbody tr:not(.hidden)").count() == 1
    page.fill("input[data-table='entity-index-table']", "")
    assert page.locator("#entity-index-table tbody tr:not(.hidden)").count() == 5


def test_browser_click_on_a_stance_shows_its_evidence(browser_page):
    page, _, _, tables = browser_page
    row = tables["stances"].iloc[1]
    sentence_id = f"s-statement-{row.sent_id}"
    sentence = page.locator(f"[id='{sentence_id}']")
    # Seven documents: the statement starts folded, far below the tables.
    assert not page.locator("#doc-statement").evaluate("d => d.open")
    page.locator("#stances-table tbody tr", has_text="oppose").click()
    page.wait_for_function(
        """id => { const r = document.getElementById(id).getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        arg=sentence_id, timeout=3000,
    )
    assert "focus" in sentence.get_attribute("class")
    assert sentence.inner_text() == row.evidence
    assert page.locator(".sent.focus").count() == 1


def test_browser_click_on_an_event_shows_its_sentence(browser_page):
    page, *_ = browser_page
    page.locator("#events-table tbody tr", has_text="Anna Berg").click()
    focused = page.locator(".sent.focus")
    assert focused.count() == 1
    assert "1990" in focused.inner_text()
    assert focused.evaluate("e => e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().bottom <= innerHeight")


def test_browser_runs_no_script_from_the_documents(browser_page):
    page, *_ = browser_page
    page.locator("#doc-hostile").evaluate("d => { d.open = true; }")
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.scripts.length") == 1
    shown = page.locator("#doc-hostile .doc-text").evaluate(
        "e => { const copy = e.cloneNode(true); copy.querySelectorAll('.ent-label').forEach(l => l.remove()); return copy.textContent; }"
    )
    assert HOSTILE in shown and HOSTILE_IMAGE in shown
    assert page.locator("#stances-table").inner_text().count(HOSTILE) >= 1


@pytest.fixture(scope="module")
def deferred_page(browser_page, corpus, tmp_path_factory):
    """The report with every document kept in a <template> until opened, in
    a second tab of the browser that `browser_page` started."""
    tables, texts, pngs = corpus
    inline, report._INLINE_DOCUMENTS = report._INLINE_DOCUMENTS, 0
    try:
        page_html = report.build_report(tables, texts, pngs)
    finally:
        report._INLINE_DOCUMENTS = inline
    path = tmp_path_factory.mktemp("deferred") / "report.html"
    path.write_text(page_html, encoding="utf-8")
    page = browser_page[0].context.browser.new_page(viewport={"width": 1280, "height": 800})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector("html[data-ready='true']")
    yield page, errors, tables, page_html
    page.close()


def test_documents_past_the_inline_limit_wait_in_templates(corpus):
    tables, texts, pngs = corpus
    inline, report._INLINE_DOCUMENTS = report._INLINE_DOCUMENTS, 1
    try:
        page = report.build_report(tables, texts, pngs)
    finally:
        report._INLINE_DOCUMENTS = inline
    block = re.search(r'<script type="application/json" id="deferred-documents">(.*?)</script>', page, re.S)
    deferred = json.loads(block.group(1))
    assert len(deferred) == len(texts) - 1 and page.count(" data-deferred") == len(texts) - 1
    # Built in the page, the strings give the same texts as documents written inline.
    rebuilt = re.sub(r'(<details class="doc" id="([^"]+)"[^>]*) data-deferred(>.*?</summary>)', lambda m: m[1] + m[3] + deferred[m[2]], page, flags=re.S)
    assert _parse(rebuilt).document_texts == _parse(report.build_report(tables, texts, pngs)).document_texts


def test_browser_builds_a_deferred_document_for_a_clicked_row(deferred_page):
    page, errors, tables, _ = deferred_page
    assert page.locator(".doc-text").count() == 0  # nothing built before it is asked for
    row = tables["stances"].iloc[1]
    sentence_id = f"s-statement-{row.sent_id}"
    page.locator("#stances-table tbody tr", has_text="oppose").click()
    page.wait_for_function("id => document.getElementById(id) !== null", arg=sentence_id, timeout=3000)
    sentence = page.locator(f"[id='{sentence_id}']")
    assert "focus" in sentence.get_attribute("class") and sentence.inner_text() == row.evidence
    assert page.locator("#doc-statement").evaluate("d => d.open")
    page.locator("#doc-hostile > summary").click()
    page.wait_for_function("() => document.querySelector('#doc-hostile .doc-text') !== null", timeout=3000)
    assert page.evaluate("window.__pwned") is None and errors == []


def _paged_report(corpus, rows_per_page: int) -> str:
    tables, texts, pngs = corpus
    page_rows, report._PAGE_ROWS = report._PAGE_ROWS, rows_per_page
    try:
        return report.build_report(tables, texts, pngs)
    finally:
        report._PAGE_ROWS = page_rows


def test_a_long_table_writes_its_first_page_and_keeps_every_row_as_data(corpus):
    tables, *_ = corpus
    page = _paged_report(corpus, 2)
    table = re.search(r'<table class="data sortable" id="entity-index-table"[^>]*>.*?</table>', page)[0]
    assert table.count("<tr") == 1 + 2  # the header and the first page
    block = re.search(r'<script type="application/json" id="entity-index-table-rows">(.*?)</script>', page, re.S)[1]
    rows = json.loads(block)
    assert len(rows) == len(tables["entity_index"])
    assert [row[4][0] for row in rows] == ["10", "9", "2", "1", "1"]  # mentions, most first
    assert HOSTILE not in block  # "</" escaped, so the data cannot end its element
    assert any(HOSTILE in json.dumps(row, ensure_ascii=False) for row in json.loads(block.replace("<\\/", "</")))


def test_a_short_table_has_no_pager_and_no_data_block(corpus):
    page = _paged_report(corpus, 100)
    assert 'class="pager"' not in page and "-rows\">" not in page


@pytest.fixture(scope="module")
def paged_page(browser_page, corpus, tmp_path_factory):
    """The report with two rows per page, in a second tab."""
    tables = corpus[0]
    path = tmp_path_factory.mktemp("paged") / "report.html"
    path.write_text(_paged_report(corpus, 2), encoding="utf-8")
    page = browser_page[0].context.browser.new_page(viewport={"width": 1280, "height": 800})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector("html[data-ready='true']")
    yield page, errors, tables
    page.close()


MENTIONS = "rows => rows.map(r => Number(r.cells[3].textContent))"


def test_browser_turns_the_pages_of_a_long_table(paged_page):
    page, errors, _ = paged_page
    rows = "#entity-index-table tbody tr"
    next_button = page.locator(".pager[data-table='entity-index-table'] button[data-step='1']")
    assert page.eval_on_selector_all(rows, MENTIONS) == [10, 9]
    next_button.click()
    assert page.eval_on_selector_all(rows, MENTIONS) == [2, 1]
    next_button.click()
    assert page.eval_on_selector_all(rows, MENTIONS) == [1]
    assert next_button.is_disabled()
    page.locator(".pager[data-table='entity-index-table'] button[data-step='-1']").click()
    assert page.eval_on_selector_all(rows, MENTIONS) == [2, 1]
    assert errors == []


def test_browser_sorts_and_filters_every_row_of_a_paged_table(paged_page):
    page, errors, _ = paged_page
    rows = "#entity-index-table tbody tr"
    page.locator("#entity-index-table thead th", has_text="mentions").locator("button").click()
    assert page.eval_on_selector_all(rows, MENTIONS) == [1, 1]  # the whole table sorted, first page shown
    page.fill("input[data-table='entity-index-table']", "union")
    assert page.eval_on_selector_all(rows, MENTIONS) == [2]  # found on whatever page it was
    assert page.locator("#entity-index-table-count").inner_text() == "1 of 5 rows"
    page.fill("input[data-table='entity-index-table']", "berg")  # a row built from data: its text stays text
    assert page.locator(rows).first.inner_text().count(HOSTILE) == 1
    assert page.evaluate("window.__pwned") is None
    page.fill("input[data-table='entity-index-table']", "")
    assert errors == []


def test_browser_rows_built_from_data_keep_their_marks_and_targets(paged_page):
    page, errors, tables = paged_page
    page.fill("input[data-table='stances-table']", "oppose")
    row = page.locator("#stances-table tbody tr")
    assert row.count() == 1
    assert row.locator(".cue-in-evidence").inner_text() == "oppose"
    assert row.locator("td.stance-AGAINST").count() == 1
    row.click()
    assert page.locator(".sent.focus").inner_text() == tables["stances"].iloc[1].evidence
    assert errors == []


def test_browser_finds_a_document_by_id_or_title_and_opens_it(paged_page):
    page, errors, _ = paged_page
    search = page.locator("input[data-table='document-list-table']")
    search.fill("short_3")
    listed = page.locator("#document-list-table tbody tr")
    assert listed.count() == 1
    listed.click()
    assert page.locator("#doc-short_3").evaluate("d => d.open")
    search.fill("workers league")  # the statement's title, not its id
    assert page.locator("#document-list-table tbody tr").count() == 1
    assert "statement" in page.locator("#document-list-table tbody tr").inner_text()
    assert errors == []


def test_browser_builds_a_deferred_document_found_in_the_list(deferred_page):
    page, errors, _, _ = deferred_page
    page.fill("input[data-table='document-list-table']", "short_2")
    page.locator("#document-list-table tbody tr").click()
    page.wait_for_function("() => document.querySelector('#doc-short_2 .doc-text') !== null", timeout=3000)
    assert page.locator("#doc-short_2").evaluate("d => d.open")
    assert page.locator("#doc-short_2 .doc-text").inner_text() == "Short note 2 about Freedonia."
    assert errors == []
