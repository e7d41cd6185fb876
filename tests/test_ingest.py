"""Ingest: decoding, blocks, sentences and the infobox, on inline texts."""

from pathlib import Path

import pandas as pd
import pytest

from pipeline.ingest import NotText, decode, detect_language, find_blocks, ingest, split_sentences
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
    assert decode(raw) == (text, encoding, False)


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Партия была запрещена решением суда. Руководство партии заявило протест против решения.", "cp1251"),
        ("Le café du quartier a fermé. Les élèves étaient très déçus et l'ont dit à la mairie.", "latin-1"),
    ],
)
def test_legacy_encodings_are_detected_and_flagged(text, encoding):
    decoded, detected, guessed = decode(text.encode(encoding))
    assert decoded == text
    assert guessed is True and detected


def test_a_guessed_encoding_is_flagged_in_documents():
    text = "Партия была запрещена решением суда. Руководство партии заявило протест."
    documents, sentences, _ = _ingest_one(text, raw=text.encode("cp1251"))
    row = documents.iloc[0]
    assert row["status"] == "ok" and row["encoding_guessed"] and "detected" in row["reason"]
    assert row["language"] == "ru"
    assert sentences["text"].iloc[0].startswith("Партия")


@pytest.mark.parametrize(
    "text, language",
    [
        ("The party was banned by the court and the leaders said that it was unfair.", "en"),
        ("Партия была запрещена решением суда, и это не первый случай в стране.", "ru"),
        ("Партия сот шешімімен тыйым салынды және бұл оның бірінші жағдайы емес деп айтылды.", "kk"),
        ("Die Partei wurde verboten und der Vorstand ist nicht mit dem Urteil einverstanden.", "de"),
        ("12 345 678 ...", "und"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_a_sentence_without_punctuation_is_cut_at_spaces():
    text = "word " * 2000
    _, sentences, _ = _ingest_one(text)
    assert len(sentences) > 1
    assert sentences["text"].str.len().max() <= 3000
    assert all(text[r.start : r.end] == r.text for r in sentences.itertuples())


def test_a_document_over_the_size_limit_is_skipped_with_the_reason():
    source = SourceFile(doc_id="big", path=Path("big.txt"), raw=b"x " * 600)
    documents, sentences, _ = ingest([source], pd.DataFrame(columns=["doc_id"]), max_chars=1000)
    assert documents.loc[0, "status"] == "skipped"
    assert "over the limit of 1000" in documents.loc[0, "reason"]
    assert sentences.empty


@pytest.mark.parametrize("raw", [b"\xef\xbb\xbf\xff\xfe bad", bytes(range(1, 32)) * 20])
def test_bytes_that_are_not_text_raise_not_text(raw):
    with pytest.raises(NotText):
        decode(raw)


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


# --- readers of other formats -------------------------------------------------

from tests.document_files import docx_bytes, pdf_bytes  # noqa: E402

from pipeline.ingest import ingest_documents  # noqa: E402
from pipeline.ingest import parser_text  # noqa: E402
from pipeline.ingest.wiki import looks_like_wiki, mask  # noqa: E402


def _read(name: str, raw: bytes):
    source = SourceFile(doc_id=Path(name).stem, path=Path(name), raw=raw)
    documents, sentences, infobox, texts = ingest_documents([source], pd.DataFrame(columns=["doc_id"]))
    return documents.iloc[0], sentences, infobox, texts.get(source.doc_id, "")


def _kinds(sentences) -> list[tuple[str, str]]:
    return list(zip(sentences["block_kind"], sentences["text"]))


PAGE = """<!DOCTYPE html><html><head><title>Marsh Gazette | Home</title>
<style>p { color: red }</style><script>var party = "Tide League";</script></head>
<body><nav><a href="/">Home</a> | <a href="/about">About</a></nav>
<h1>Tide League banned</h1>
<p>The <b>Tide League</b> of <a href="/o">Orvenia</a> was banned on 14&nbsp;March 2023.<br>Its leader, Ilse Varn, said &quot;no&quot;.</p>
<h2>Reactions</h2>
<ul><li>The Harbour Union protested.</li><li>The Salt Party welcomed it.</li></ul>
<table class="infobox"><tr><th>Founded</th><td>1998</td></tr><tr><th>Leader</th><td>Ilse Varn</td></tr></table>
<table><tr><th>Year</th><th>Seats</th></tr><tr><td>2019</td><td>12</td></tr></table>
<footer>Copyright Marsh Gazette</footer></body></html>"""


def test_html_gives_the_main_text_and_its_structure_without_markup():
    row, sentences, infobox, text = _read("page.html", PAGE.encode("utf-8"))
    assert (row["format"], row["status"], row["title"]) == ("html", "ok", "Tide League banned")
    for absent in ("<", "var party", "color", "Home", "Copyright", "&nbsp;", "&quot;"):
        assert absent not in text
    kinds = _kinds(sentences)
    assert ("title", "Tide League banned") in kinds
    assert ("paragraph", "The Tide League of Orvenia was banned on 14 March 2023.") in kinds
    assert ("heading", "Reactions") in kinds
    assert ("list_item", "The Salt Party welcomed it.") in kinds
    assert ("table_row", "2019\t12") in kinds
    assert infobox[["key", "value"]].values.tolist() == [["Founded", "1998"], ["Leader", "Ilse Varn"]]
    assert all(text[r.start : r.end] == r.text for r in sentences.itertuples())
    assert all(text[r.start : r.end] == r.value for r in infobox.itertuples())


def test_html_page_furniture_is_left_out_by_class_and_role():
    page = (
        '<body><div role="navigation">Menu</div><h1>Quay Party</h1>'
        '<p>The Quay Party was founded in 1976.<sup class="reference">[1]</sup> It split in 1980.</p>'
        '<table class="navbox"><tr><td>Other parties of Orvenia</td></tr></table>'
        '<p class="lead">A lead paragraph stays.</p></body>'
    )
    _, sentences, _, text = _read("furniture.html", page.encode("utf-8"))
    assert "[1]" not in text and "Menu" not in text and "Other parties" not in text
    assert ("paragraph", "The Quay Party was founded in 1976.") in _kinds(sentences)
    assert ("paragraph", "A lead paragraph stays.") in _kinds(sentences)


def test_an_html_article_keeps_its_own_header_and_drops_the_pages():
    page = "<body><header><p>Marsh Gazette</p></header><article><header><h1>Quay Party splits</h1></header><p>The Quay Party split.</p><footer>Share</footer></article></body>"
    row, sentences, _, text = _read("article.html", page.encode("utf-8"))
    assert row["title"] == "Quay Party splits"
    assert "Marsh Gazette" not in text and "Share" not in text


def test_an_html_page_without_a_heading_takes_its_title_element():
    row, _, _, _ = _read("bare.htm", b"<html><head><title>Quay Notes</title></head><body><p>The Quay Party met.</p></body></html>")
    assert row["title"] == "Quay Notes"


def test_an_html_page_declaring_its_charset_is_decoded_in_it():
    page = '<html><head><meta charset="windows-1250"></head><body><p>Łukasz Wrona przemawiał.</p></body></html>'
    row, sentences, _, _ = _read("pl.html", page.encode("cp1250"))
    assert sentences["text"].tolist() == ["Łukasz Wrona przemawiał."]
    assert row["encoding"] == "cp1250" and not row["encoding_guessed"]


def test_a_page_whose_charset_is_wrong_or_unknown_is_still_read():
    for meta in ('<meta charset="utf-8">', '<meta charset="no-such-codec">'):
        page = f"<html><head>{meta}</head><body><p>Jo\u00e3o Concei\u00e7\u00e3o spoke.</p></body></html>"
        row, sentences, _, _ = _read("lying.html", page.encode("cp1252"))
        assert sentences["text"].tolist() == ["João Conceição spoke."], meta
        assert row["encoding"] == "cp1252" and row["encoding_guessed"]


def test_markdown_loses_its_marks_and_keeps_its_structure():
    source = "# Tide League\n\nThe **Tide League** of [Orvenia](https://example.org) met.\n\n## History\n\n- Founded: 1998\n- Leader: Ilse Varn\n\n| Year | Seats |\n|---|---|\n| 2019 | 12 |\n"
    row, sentences, infobox, text = _read("notes.md", source.encode("utf-8"))
    assert row["format"] == "md" and row["title"] == "Tide League"
    assert "**" not in text and "example.org" not in text and "#" not in text
    assert ("paragraph", "The Tide League of Orvenia met.") in _kinds(sentences)
    assert ("table_row", "2019\t12") in _kinds(sentences)
    assert infobox[["key", "value"]].values.tolist() == [["Founded", "1998"], ["Leader", "Ilse Varn"]]


def test_word_paragraph_styles_become_blocks():
    raw = docx_bytes([("title", "Tide League"), ("paragraph", "The league met in Orvenia."), ("heading", "Votes"), ("list_item", "Ilse Varn voted."), ("table", "2019\t12")])
    row, sentences, _, text = _read("minutes.docx", raw)
    assert (row["format"], row["status"], row["title"]) == ("docx", "ok", "Tide League")
    assert _kinds(sentences) == [("title", "Tide League"), ("paragraph", "The league met in Orvenia."), ("heading", "Votes"), ("list_item", "Ilse Varn voted."), ("table_row", "2019\t12")]
    assert all(text[r.start : r.end] == r.text for r in sentences.itertuples())


def test_pdf_lines_become_paragraphs_and_larger_lines_headings():
    raw = pdf_bytes([(20, "Tide League"), (0, ""), (11, "The league met in Orvenia on 3 May 2001."), (11, "Ilse Varn spoke."), (0, ""), (11, "A second paragraph."), (15, "Votes")])
    row, sentences, _, text = _read("minutes.pdf", raw)
    assert (row["format"], row["status"], row["title"]) == ("pdf", "ok", "Tide League")
    assert _kinds(sentences) == [
        ("title", "Tide League"), ("paragraph", "The league met in Orvenia on 3 May 2001."), ("paragraph", "Ilse Varn spoke."),
        ("paragraph", "A second paragraph."), ("heading", "Votes"),
    ]
    assert "met in Orvenia on 3 May 2001.\nIlse Varn" in text  # one paragraph, its lines kept


def test_a_pdf_without_a_text_layer_is_skipped_with_that_reason():
    row, sentences, _, _ = _read("scan.pdf", pdf_bytes([(11, "invisible")], text_layer=False))
    assert row["status"] == "skipped" and "without a text layer" in row["reason"]
    assert sentences.empty


def test_a_broken_word_file_is_skipped_with_a_reason():
    row, _, _, _ = _read("broken.docx", b"PK\x03\x04 not really a zip")
    assert row["status"] == "skipped" and "Word" in row["reason"]


WIKI = """{{Infobox political party
| name = Tide League
| leader = [[Ilse Varn]]
| founded = 3 May 1998
}}
The '''Tide League''' ({{lang-xx|Liga Marea}}) was a party in [[Orvenia]].<ref>{{cite news |title=A party is born |work=Marsh Gazette |date=4 May 1998}}</ref>

==History==
It was banned by the [[Supreme Court (Orvenia)|Supreme Court]] in 2004.<ref name="a"/>
* [[Harbour Union]] protested.

{| class="wikitable"
|-
! Year !! Seats
|-
| 1999 || 12
|}
[[Category:Parties of Orvenia]]
"""


def test_wiki_markup_in_a_txt_keeps_the_file_and_blanks_markup_for_the_parser():
    row, sentences, infobox, text = _read("tide.txt", WIKI.encode("utf-8"))
    assert row["format"] == "txt-wiki" and text == WIKI
    parser_copy = parser_text(WIKI, "txt-wiki")
    assert len(parser_copy) == len(WIKI)
    for gone in ("'''", "{{", "}}", "<ref", "Infobox", "Category", "wikitable", "Supreme Court (Orvenia)", "|"):
        assert gone not in parser_copy, gone
    # A link keeps its brackets, which the tokenizer splits off, where blanks would leave runs of spaces.
    assert "in [[Orvenia]]." in parser_copy and "[[Supreme Court]] in" in parser_copy
    assert "[[" not in mask(WIKI)
    for kept in ("Tide League", "Liga Marea", "Marsh Gazette", "4 May 1998", "Supreme Court", "Harbour Union"):
        assert kept in parser_copy, kept
    assert all(WIKI[r.start : r.end] == r.text for r in sentences.itertuples())
    assert infobox[["key", "value"]].values.tolist() == [["name", "Tide League"], ["leader", "Ilse Varn"], ["founded", "3 May 1998"]]
    assert all(WIKI[r.start : r.end] == r.value for r in infobox.itertuples())
    kinds = [(kind, parser_copy[s:e]) for kind, s, e in zip(sentences["block_kind"], sentences["start"], sentences["end"])]
    assert ("heading", "History") in kinds
    assert ("list_item", "[[Harbour Union]] protested.") in kinds
    assert ("table_row", "1999    12") in [(k, " ".join(t.split(" ")).replace("\n", " ").strip()) for k, t in kinds]


def test_maintenance_templates_and_language_codes_are_not_text():
    source = "{{Short description|Party in Orvenia}}\n{{Use dmy dates|date=May 2020}}\nThe [[Tide League]] ({{lang|xx|Liga Marea}}) met.{{citation needed|date=June 2021}}"
    parser_copy = mask(source)
    for gone in ("Party in Orvenia", "May 2020", "June 2021", "xx"):
        assert gone not in parser_copy, gone
    assert "Liga Marea" in parser_copy and "Tide League" in parser_copy
    # An unknown template keeps its values: they may be the text.
    assert "Orvenia Herald" in mask("See {{cite journal |journal=Orvenia Herald}} and [[Tide League]].")


def test_text_with_headings_alone_is_plain_text_not_wiki():
    plain = "= Tide League =\n\nThe league met.\n\n== History ==\nIt was banned in 2004.\n- Leader: Ilse Varn\n- Founded: 1998\n"
    assert not looks_like_wiki(plain)
    row, _, _, text = _read("plain.txt", plain.encode("utf-8"))
    assert row["format"] == "txt" and text == plain


def test_a_wiki_file_becomes_plain_text_with_its_structure():
    row, sentences, infobox, text = _read("tide.wiki", WIKI.encode("utf-8"))
    assert row["format"] == "wiki"
    assert "The Tide League (Liga Marea) was a party in Orvenia.\nA party is born\nMarsh Gazette\n4 May 1998" in text
    assert ("heading", "History") in _kinds(sentences) and ("list_item", "Harbour Union protested.") in _kinds(sentences)
    assert ("table_row", "1999\n12") in _kinds(sentences)
    assert infobox[["key", "value"]].values.tolist() == [["name", "Tide League"], ["leader", "Ilse Varn"], ["founded", "3 May 1998"]]
    assert "Category" not in text and "[[" not in text


def test_run_ingest_writes_every_text_that_the_offsets_index(tmp_path):
    from pipeline import workflow

    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "plain.txt").write_bytes("Tide League\r\n\r\nThe league met in Orvenia.\r\n".encode("utf-8"))
    (corpus / "page.html").write_bytes(PAGE.encode("utf-8"))
    (corpus / "old.md").write_text("# Gone soon\n\nA text.\n")
    workflow.run_ingest(corpus, out)
    assert (out / "texts" / "old.txt").exists()
    (corpus / "old.md").unlink()
    documents, sentences, _ = workflow.run_ingest(corpus, out)
    assert sorted(p.name for p in (out / "texts").iterdir()) == ["page.txt", "plain.txt"]
    assert dict(zip(documents["doc_id"], documents["format"])) == {"page": "html", "plain": "txt"}
    assert (out / "texts" / "plain.txt").read_bytes() == (corpus / "plain.txt").read_bytes()
    texts = {row["doc_id"]: (out / row["text_path"]).read_bytes().decode("utf-8") for row in documents.to_dict("records")}
    assert all(texts[r.doc_id][r.start : r.end] == r.text for r in sentences.itertuples())


# --- encodings ----------------------------------------------------------------

LEGACY_SAMPLES = [
    ("pt", "O deputado João Conceição visitou São Paulo. A comissão não aprovou a decisão.", "cp1252"),
    ("pt", "João, São Paulo", "cp1252"),
    ("pl", "Sąd zdelegalizował partię. Przewodniczący Łukasz Wrona powiedział, że to źle.", "cp1250"),
    ("cs", "Soud rozhodl o zrušení strany. Předseda Jiří Černý řekl, že přečte rozsudek.", "cp1250"),
    ("ru", "Партия была запрещена решением суда. Руководство партии заявило протест.", "cp1251"),
]


@pytest.mark.parametrize("language, text, encoding", LEGACY_SAMPLES)
def test_legacy_encodings_are_told_apart_by_their_letters(language, text, encoding):
    decoded, detected, guessed = decode(text.encode(encoding))
    assert (decoded, detected, guessed) == (text, encoding, True)


def test_latin_text_without_central_european_letters_reads_as_cp1252():
    # The same bytes are valid cp1250 ("Joăo"); no alphabet mixes "ă" with "ç".
    raw = "Conceição e João".encode("cp1252")
    assert raw.decode("cp1250") != "Conceição e João"
    assert decode(raw)[:2] == ("Conceição e João", "cp1252")


def test_a_declared_encoding_wins_over_detection_and_a_wrong_one_is_a_reason():
    raw = "Łukasz Wrona".encode("cp1250")
    assert decode(raw, "cp1250") == ("Łukasz Wrona", "cp1250", False)
    assert decode(raw, "cp1252")[0] != "Łukasz Wrona"  # the user's word is taken
    with pytest.raises(NotText, match="declared"):
        decode("Ünïcode".encode("utf-8") + b"\x81", "cp1252")


def test_metadata_names_a_files_encoding_and_an_unknown_one_is_ignored(tmp_path):
    from pipeline import workflow

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "polish.txt").write_bytes("Sąd zdelegalizował partię.".encode("cp1250"))
    (corpus / "other.txt").write_bytes("Sąd zdelegalizował partię.".encode("cp1250"))
    (corpus / "metadata.csv").write_text("doc_id,encoding\npolish,cp1250\nother,klingon-8\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="unknown encoding 'klingon-8'"):
        documents, _, _ = workflow.run_ingest(corpus, tmp_path / "out", encoding="cp1252")
    row = documents.set_index("doc_id")
    assert (row.loc["polish", "encoding"], row.loc["polish", "encoding_guessed"]) == ("cp1250", False)
    assert row.loc["other", "encoding"] == "cp1252"  # --encoding, since its metadata value was ignored
