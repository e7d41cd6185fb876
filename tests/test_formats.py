"""One document in six file formats gives the same entities, dates and stances."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import workflow
from pipeline.config import DEFAULT_MODEL
from tests.document_files import docx_bytes, pdf_bytes

TITLE = "Tide League condemns the ban on the Harbour Union"
PARAGRAPHS = [
    "The Tide League of Orvenia condemned the ban on the Harbour Union on 4 May 2019.",
    "Its leader, Ilse Varn, said that the Supreme Court of Orvenia had acted unlawfully.",
    "The Salt Party welcomed the ruling in Port Merrow last week.",
]
ITEMS = ["Ilse Varn called for the release of the union's organisers.", "Tomas Quell, the union's secretary, left Orvenia in June 2019."]


def _files() -> dict[str, bytes]:
    body = "\n\n".join(PARAGRAPHS)
    items_txt = "\n".join(f"- {item}" for item in ITEMS)
    html_items = "".join(f"<li>{item}</li>" for item in ITEMS)
    html_paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    wiki_paragraphs = [
        PARAGRAPHS[0].replace("The Tide League", "The '''Tide League'''").replace("Orvenia", "[[Orvenia]]", 1),
        PARAGRAPHS[1].replace("Supreme Court of Orvenia", "[[Supreme Court of Orvenia]]") + '<ref>{{cite web |title=Statement}}</ref>',
        PARAGRAPHS[2].replace("Port Merrow", "[[Port Merrow (town)|Port Merrow]]"),
    ]
    return {
        "as_text.txt": f"{TITLE}\n\n{body}\n\n{items_txt}\n".encode("utf-8"),
        "as_markdown.md": f"# {TITLE}\n\n{body.replace('Tide League of', '**Tide League** of')}\n\n{items_txt}\n".encode("utf-8"),
        "as_page.html": f"<html><head><title>News</title><script>x=1</script></head><body><h1>{TITLE}</h1>{html_paragraphs}<ul>{html_items}</ul></body></html>".encode("utf-8"),
        "as_word.docx": docx_bytes([("title", TITLE)] + [("paragraph", p) for p in PARAGRAPHS] + [("list_item", i) for i in ITEMS]),
        "as_pdf.pdf": pdf_bytes([(18, TITLE), (0, "")] + [line for p in PARAGRAPHS for line in ((10, p), (0, ""))] + [(10, i) for i in ITEMS]),
        # Wiki markup in a .txt keeps its offsets and is parsed through a masked copy.
        "wiki_in_text.txt": ("The [[Tide League of Orvenia|Tide League]] ('''TL''') met the [[Harbour Union]] (HU) on [[4 May]] 2019.<ref>{{cite web |title=Minutes |date=5 May 2019}}</ref>\n").encode("utf-8"),
        "as_wiki.wiki": ("= " + TITLE + " =\n\n" + "\n\n".join(wiki_paragraphs) + "\n\n" + "\n".join(f"* {i}" for i in ITEMS) + "\n\n[[Category:Orvenia]]\n").encode("utf-8"),
    }


@pytest.fixture(scope="module")
def six_formats(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("formats")
    for name, raw in _files().items():
        (corpus / name).write_bytes(raw)
    out = tmp_path_factory.mktemp("formats_out")
    workflow.run_all(corpus, out, DEFAULT_MODEL, with_charts=False)
    read = lambda name: pd.read_csv(out / name, dtype=str, keep_default_na=False)
    return read("documents.csv"), read("entities.csv"), read("dates.csv"), read("stances.csv"), out


def _per_document(table: pd.DataFrame, columns: list[str], doc_ids) -> dict[str, list]:
    return {doc_id: sorted(map(tuple, table.loc[table["doc_id"] == doc_id, columns].values.tolist())) for doc_id in doc_ids}


@pytest.mark.slow
def test_every_format_is_read(six_formats):
    documents, *_ = six_formats
    assert documents["status"].tolist() == ["ok"] * 7, documents[["doc_id", "reason"]]
    assert sorted(documents["format"]) == ["docx", "html", "md", "pdf", "txt", "txt-wiki", "wiki"]


@pytest.mark.slow
@pytest.mark.parametrize("table, columns", [(1, ["text", "label"]), (2, ["value"]), (3, ["holder", "target", "stance"])])
def test_six_formats_give_the_same_rows(six_formats, table, columns):
    documents = six_formats[0]
    found = _per_document(six_formats[table], columns, documents.loc[documents["doc_id"] != "wiki_in_text", "doc_id"])
    reference = found["as_text"]
    assert reference, "the plain text gives rows to compare"
    for doc_id, rows in found.items():
        assert rows == reference, doc_id


@pytest.mark.slow
def test_every_offset_indexes_the_written_text_and_no_span_holds_markup_edges(six_formats):
    documents, entities, dates, _, out = six_formats
    texts = {row["doc_id"]: (out / row["text_path"]).read_bytes().decode("utf-8") for row in documents.to_dict("records")}
    assert texts["wiki_in_text"] == _files()["wiki_in_text.txt"].decode("utf-8")
    for table in (entities, dates):
        for row in table.to_dict("records"):
            assert texts[row["doc_id"]][int(row["start"]) : int(row["end"])] == row["text"]
            assert row["text"] == row["text"].strip() and not row["text"].endswith(("]", "'")), row
    wiki_entities = set(entities.loc[entities["doc_id"] == "wiki_in_text", "text"])
    assert {"Harbour Union", "HU"} <= wiki_entities and not any("[" in text for text in wiki_entities)
    assert "2019-05-05" in set(dates.loc[dates["doc_id"] == "wiki_in_text", "value"])
