"""Ingest: decoding, blocks, sentences and the infobox, on inline texts."""

from pathlib import Path

import pandas as pd
import pytest

from pipeline.ingest import NotText, decode, find_blocks, ingest, split_sentences
from pipeline.storage import SourceFile

ARTICLE = """= Green Union =

Green Union
- Abbreviation: GU
- Founded: 2 March 1990
- Leader: Anna Berg

The Green Union is a party in Freedonia. It was founded by Dr. Anna Berg in 1990.

== History ==
The party won seats in 1994. It split in 2001.

== Leaders ==
1. Anna Berg (1990 – 2001)
2. Tom Ode (2001 – present)
- See the party site
"""


def _ingest_one(text: str, raw: bytes | None = None, doc_id: str = "doc"):
    source = SourceFile(doc_id=doc_id, path=Path(f"{doc_id}.txt"), raw=raw if raw is not None else text.encode("utf-8"))
    return ingest([source], pd.DataFrame(columns=["doc_id"]))


def test_blocks_follow_the_line_structure():
    blocks = find_blocks(ARTICLE)
    kinds = [(b.kind, ARTICLE[b.start : b.end]) for b in blocks]
    assert kinds[0] == ("title", "Green Union")
    assert ("paragraph", "Green Union") in kinds
    assert ("infobox", "Founded: 2 March 1990") in kinds
    assert ("heading", "History") in kinds
    assert ("list_item", "1. Anna Berg (1990 – 2001)") in kinds
    assert ("list_item", "See the party site") in kinds


def test_sections_name_the_nearest_heading():
    _, sentences, _ = _ingest_one(ARTICLE)
    section_of = dict(zip(sentences["text"], sentences["section"]))
    assert section_of["The party won seats in 1994."] == "History"
    assert section_of["2. Tom Ode (2001 – present)"] == "Leaders"
    assert section_of["Leader: Anna Berg"] == "Green Union"


def test_sentences_split_inside_paragraphs_but_not_at_abbreviations():
    _, sentences, _ = _ingest_one(ARTICLE)
    texts = sentences["text"].tolist()
    assert "It was founded by Dr. Anna Berg in 1990." in texts
    assert "The Green Union is a party in Freedonia." in texts


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        ("One here. Two there.", ["One here.", "Two there."]),
        ("Mr. Smith left. J. R. Doe stayed!", ["Mr. Smith left.", "J. R. Doe stayed!"]),
        ('He said "no." Then he left.', ['He said "no."', "Then he left."]),
        ("Prices rose 3.5 percent. Wages did not.", ["Prices rose 3.5 percent.", "Wages did not."]),
        ("no end punctuation here", ["no end punctuation here"]),
        ("See No. 5 and vol. 2 here. Done.", ["See No. 5 and vol. 2 here.", "Done."]),
    ],
)
def test_split_sentences(paragraph, expected):
    text = "x\n\n" + paragraph
    [block] = [b for b in find_blocks(text) if b.kind == "paragraph"]
    assert [text[s:e] for s, e in split_sentences(text, block)] == expected


def test_no_sentence_crosses_a_block_and_offsets_index_the_text():
    documents, sentences, infobox = _ingest_one(ARTICLE)
    blocks = {b.block_id: b for b in find_blocks(ARTICLE)}
    for row in sentences.itertuples():
        assert ARTICLE[row.start : row.end] == row.text
        assert blocks[row.block_id].start <= row.start and row.end <= blocks[row.block_id].end
    assert documents.loc[0, "title"] == "Green Union"
    assert documents.loc[0, "chars"] == len(ARTICLE)


def test_infobox_rows_are_key_value_with_value_offsets():
    _, _, infobox = _ingest_one(ARTICLE)
    assert infobox["key"].tolist() == ["Abbreviation", "Founded", "Leader"]
    for row in infobox.itertuples():
        assert ARTICLE[row.start : row.end] == row.value


def test_a_lone_key_value_bullet_is_a_list_item_not_an_infobox():
    text = "Intro line.\n\n- Note: read this first\n\nMore text."
    kinds = [b.kind for b in find_blocks(text)]
    assert "infobox" not in kinds and "list_item" in kinds


@pytest.mark.parametrize(
    "raw, text, encoding",
    [
        ("Café\r\nTwo".encode("utf-8"), "Café\r\nTwo", "utf-8"),
        (b"\xef\xbb\xbfBOM text", "BOM text", "utf-8-sig"),
        ("UTF-16 text".encode("utf-16"), "UTF-16 text", "utf-16"),
    ],
)
def test_decode_keeps_line_endings_and_removes_boms(raw, text, encoding):
    assert decode(raw) == (text, encoding)


def test_crlf_offsets_index_the_decoded_text():
    text = "Title\r\n\r\nFirst sentence. Second one.\r\n- Key: a\r\n- Other: b\r\n"
    _, sentences, infobox = _ingest_one(text)
    assert all(text[r.start : r.end] == r.text for r in sentences.itertuples())
    assert infobox["value"].tolist() == ["a", "b"]


def test_binary_file_is_skipped_with_a_reason():
    documents, sentences, _ = _ingest_one("", raw=b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert documents.loc[0, "status"] == "skipped"
    assert "NUL" in documents.loc[0, "reason"]
    assert sentences.empty
    with pytest.raises(NotText):
        decode(b"abc\x00def")


def test_empty_file_is_recorded_as_empty():
    documents, sentences, _ = _ingest_one("  \n\n ")
    assert documents.loc[0, "status"] == "empty"
    assert sentences.empty
