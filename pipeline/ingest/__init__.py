"""Ingest: corpus files in; documents, their structure, sentences and texts out.

In:  the corpus files' bytes (`storage.SourceFile`) and the metadata table.
Out: three tables and the documents' texts
  documents  doc_id, path, title, date, genre, author, source, date_order,
             format, status, reason, encoding, encoding_guessed, language,
             chars, blocks, sentences, sha256, text_path
  sentences  doc_id, sent_id, start, end, block_id, block_kind, section, text
  infobox    doc_id, key, value, start, end

Each format has its reader (`READERS`). Plain text stays the file as
decoded, every character kept, so offsets index the file; when a .txt holds
wiki markup (format `txt-wiki`) the later stages read it through a masked
copy of the same length (`parser_text`). Markdown, HTML, Word, PDF and .wiki
files become plain text built from their structure. Either way the text is written to `texts/<doc_id>.txt` in
the output folder (`text_path`), and every offset of every table indexes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pipeline.config import METADATA_COLUMNS
from pipeline.ingest import blocks as _blocks
from pipeline.ingest.blocks import Block, MAX_SENTENCE_CHARS, assemble, find_blocks, split_sentences
from pipeline.ingest.decoding import NotText, check_encoding, decode
from pipeline.ingest.language import detect_language
from pipeline.storage import SourceFile

__all__ = [
    "Block", "MAX_SENTENCE_CHARS", "MAX_DOCUMENT_CHARS", "NotText", "READERS", "check_encoding", "decode",
    "detect_language", "find_blocks", "ingest", "ingest_documents", "parser_text", "read_document_text", "split_sentences",
]

DOCUMENT_COLUMNS = [
    "doc_id", "path", "title", "date", "genre", "author", "source", "date_order", "format",
    "status", "reason", "encoding", "encoding_guessed", "language", "chars", "blocks", "sentences", "sha256", "text_path",
]
SENTENCE_COLUMNS = ["doc_id", "sent_id", "start", "end", "block_id", "block_kind", "section", "text"]
INFOBOX_COLUMNS = ["doc_id", "key", "value", "start", "end"]

# Documents longer than this are skipped with the reason (see --max-chars).
MAX_DOCUMENT_CHARS = 2_000_000

# File name ending -> format; any other file is read as plain text.
READERS = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
    ".xhtml": "html", ".docx": "docx", ".pdf": "pdf", ".wiki": "wiki", ".mediawiki": "wiki",
}
TEXTS_FOLDER = "texts"
# The format of a .txt file holding wiki markup: read as is, parsed masked.
WIKI_IN_TEXT = "txt-wiki"


@dataclass(frozen=True)
class Converted:
    """A document as a reader made it: its text, blocks and how it was read."""

    format: str
    text: str
    blocks: list[Block]
    encoding: str = ""
    encoding_guessed: bool = False


def convert(source: SourceFile, declared_encoding: str = "") -> Converted:
    """Read one file with the reader its name calls for. Raises `NotText`."""
    fmt = format_of(source)
    if fmt == "docx":
        from pipeline.ingest import word

        return Converted("docx", *assemble(word.read_parts(source.raw)))
    if fmt == "pdf":
        from pipeline.ingest import pdf

        return Converted("pdf", *assemble(pdf.read_parts(source.raw)))
    if fmt == "html":
        from pipeline.ingest import web

        text, encoding, guessed = _decode_page(source.raw, declared_encoding, web.declared_charset(source.raw))
        return Converted("html", *assemble(web.read_parts(text)), encoding, guessed)
    text, encoding, guessed = decode(source.raw, declared_encoding)
    if fmt == "md":
        from pipeline.ingest import markdown

        return Converted("md", *assemble(markdown.read_parts(text)), encoding, guessed)
    from pipeline.ingest import wiki

    if fmt == "wiki":
        return Converted("wiki", *assemble(wiki.read_parts(text)), encoding, guessed)
    if wiki.looks_like_wiki(text):
        return Converted(WIKI_IN_TEXT, text, wiki.find_blocks(text, parser_text(text, WIKI_IN_TEXT)), encoding, guessed)
    return Converted("txt", text, find_blocks(text), encoding, guessed)


def _decode_page(raw: bytes, declared: str, page_charset: str) -> tuple[str, str, bool]:
    """A page's own `<meta charset>` is a hint: pages that declare one
    encoding and are in another exist, so its failure falls back to the rest."""
    if declared or not page_charset:
        return decode(raw, declared)
    try:
        return decode(raw, page_charset)
    except NotText:
        return decode(raw)


def format_of(source: SourceFile) -> str:
    """The format a file's name calls for; plain text for any other name."""
    suffix = Path(source.path).suffix.lower() if source.path is not None else ""
    return READERS.get(suffix, "txt")


def parser_text(text: str, fmt: str) -> str:
    """The text the later stages parse: the document's text, with the wiki
    markup of a .txt blanked (same length, so offsets hold)."""
    return _masked_wiki(text) if fmt == WIKI_IN_TEXT else text


@lru_cache(maxsize=4)
def _masked_wiki(text: str) -> str:
    # Asked for several times in a row for one document (blocks, sentences, language).
    from pipeline.ingest import wiki

    return wiki.mask(text, link_brackets=True)


def ingest_documents(
    sources: list[SourceFile], metadata: pd.DataFrame, *, max_chars: int = MAX_DOCUMENT_CHARS, encoding: str = ""
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """Read and structure every document: (documents, sentences, infobox,
    texts by doc_id). `encoding` applies to every text file whose metadata
    row names none.

    A document that cannot be read is still a row of `documents`, with
    status `skipped` or `empty` and the reason, and has no other rows."""
    meta_by_id = {row["doc_id"]: row for row in metadata.to_dict("records")}
    documents, sentences, infobox, texts = [], [], [], {}
    for source in sources:
        meta = meta_by_id.get(source.doc_id, {})
        row = {column: meta.get(column, "") for column in METADATA_COLUMNS}
        row.update(doc_id=source.doc_id, path=str(source.path), sha256=hashlib.sha256(source.raw).hexdigest(), text_path="")
        row["format"] = format_of(source)
        skipped = row | dict(status="skipped", encoding="", encoding_guessed=False, language="", chars=0, blocks=0, sentences=0)
        try:
            document = convert(source, meta.get("encoding", "") or encoding)
        except NotText as problem:
            documents.append(skipped | dict(reason=str(problem)))
            continue
        text = document.text
        if len(text) > max_chars:
            documents.append(skipped | dict(reason=f"{len(text)} characters, over the limit of {max_chars} (--max-chars)", encoding=document.encoding, chars=len(text)))
            continue
        doc_sentences = _sentences(source.doc_id, text, parser_text(text, document.format), document.blocks)
        sentences.extend(doc_sentences)
        infobox.extend(_blocks.infobox_rows(source.doc_id, text, document.blocks))
        status = "ok" if text.strip() else "empty"
        reasons = [] if status == "ok" else ["no text"]
        if document.encoding_guessed:
            reasons.append(f"encoding detected as {document.encoding}, not declared: check the text")
        if status == "ok":
            texts[source.doc_id] = text
        row.update(
            title=row["title"] or _blocks.title_of(text, document.blocks),
            format=document.format,
            status=status,
            reason="; ".join(reasons),
            encoding=document.encoding,
            encoding_guessed=document.encoding_guessed,
            language=detect_language(parser_text(text, document.format)) if status == "ok" else "",
            chars=len(text),
            blocks=len(document.blocks),
            sentences=len(doc_sentences),
            text_path=f"{TEXTS_FOLDER}/{source.doc_id}.txt" if status == "ok" else "",
        )
        documents.append(row)
    return (
        pd.DataFrame(documents, columns=DOCUMENT_COLUMNS),
        pd.DataFrame(sentences, columns=SENTENCE_COLUMNS),
        pd.DataFrame(infobox, columns=INFOBOX_COLUMNS),
        texts,
    )


def ingest(
    sources: list[SourceFile], metadata: pd.DataFrame, *, max_chars: int = MAX_DOCUMENT_CHARS, encoding: str = ""
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three tables of `ingest_documents`, without the texts."""
    documents, sentences, infobox, _ = ingest_documents(sources, metadata, max_chars=max_chars, encoding=encoding)
    return documents, sentences, infobox


def _sentences(doc_id: str, text: str, parsed_text: str, blocks: list[Block]) -> list[dict]:
    """Sentence rows: found in the text the parser reads, cut from the text itself."""
    rows = [
        dict(doc_id=doc_id, sent_id=0, start=s, end=e, block_id=b.block_id, block_kind=b.kind, section=b.section, text=text[s:e])
        for b in blocks
        for s, e in split_sentences(parsed_text, b)
    ]
    for sent_id, row in enumerate(rows):
        row["sent_id"] = sent_id
    return rows


def read_document_text(path: Path) -> str:
    """The text of a document file exactly as ingest decoded it (plain text
    and wiki markup; other formats are read from `texts/<doc_id>.txt`)."""
    return decode(Path(path).read_bytes())[0]
