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
    return read("documents.csv"), read("entities.csv"), read("dates.csv"), read("stances.csv")


def _per_document(table: pd.DataFrame, columns: list[str], doc_ids) -> dict[str, list]:
    return {doc_id: sorted(map(tuple, table.loc[table["doc_id"] == doc_id, columns].values.tolist())) for doc_id in doc_ids}


@pytest.mark.slow
def test_every_format_is_read(six_formats):
    documents, *_ = six_formats
    assert documents["status"].tolist() == ["ok"] * 6, documents[["doc_id", "reason"]]
    assert sorted(documents["format"]) == ["docx", "html", "md", "pdf", "txt", "wiki"]


@pytest.mark.slow
@pytest.mark.parametrize("table, columns", [(1, ["text", "label"]), (2, ["value"]), (3, ["holder", "target", "stance"])])
def test_six_formats_give_the_same_rows(six_formats, table, columns):
    documents = six_formats[0]
    found = _per_document(six_formats[table], columns, documents["doc_id"])
    reference = found["as_text"]
    assert reference, "the plain text gives rows to compare"
    for doc_id, rows in found.items():
        assert rows == reference, doc_id
