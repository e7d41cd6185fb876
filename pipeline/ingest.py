"""Ingest: corpus files in; documents, their structure and sentences out.

In:  the corpus files' bytes (`storage.SourceFile`) and the metadata table.
Out: three tables
  documents  doc_id, path, title, date, genre, author, source, date_order,
             status, reason, encoding, chars, blocks, sentences, sha256
  sentences  doc_id, sent_id, start, end, block_id, block_kind, section, text
  infobox    doc_id, key, value, start, end

A document's text is its file decoded, nothing else changed: line endings and
every character stay, so `start`/`end` offsets index the file's text exactly.
Structure comes first: a heading, an infobox line (`- Key: Value`) or a list
item is a block of its own, paragraphs are runs of other lines, and no
sentence crosses a block boundary.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pipeline.config import METADATA_COLUMNS, PACKAGE_DATA
from pipeline.storage import SourceFile

DOCUMENT_COLUMNS = [
    "doc_id", "path", "title", "date", "genre", "author", "source", "date_order",
    "status", "reason", "encoding", "chars", "blocks", "sentences", "sha256",
]
SENTENCE_COLUMNS = ["doc_id", "sent_id", "start", "end", "block_id", "block_kind", "section", "text"]
INFOBOX_COLUMNS = ["doc_id", "key", "value", "start", "end"]

_HEADING = re.compile(r"^[ \t]*(?:(=+)[ \t]*(?P<wiki>\S.*?)[ \t]*=+|(#{1,6})[ \t]+(?P<md>\S.*?))[ \t]*$")
_INFOBOX_ITEM = re.compile(r"^[ \t]*[-*•][ \t]+(?P<key>[^\W\d_][^:\n]{0,40}?):[ \t]*(?P<value>.*?)[ \t]*$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*•–]|\d{1,3}[.)])[ \t]+(?=\S)")
_BULLET = re.compile(r"[ \t]*[-*•–][ \t]+")
_LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[^\W_a-z])")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


@dataclass(frozen=True)
class Block:
    """A structural unit of a document: offsets of its content (markers excluded)."""

    block_id: int
    kind: str  # title, heading, infobox, list_item, paragraph
    start: int
    end: int
    section: str


class NotText(ValueError):
    """The bytes are not a text document."""


def decode(raw: bytes) -> tuple[str, str]:
    """Decode a file's bytes to text and name the encoding used.

    A byte-order mark decides first; then UTF-8; otherwise the bytes are
    refused (binary files, and legacy encodings the caller must detect).
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    if b"\x00" in raw:
        raise NotText("contains NUL bytes: not a text file")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        raise NotText(f"not valid UTF-8 at byte {error.start}") from error


def find_blocks(text: str) -> list[Block]:
    """Split a document into blocks by its line structure."""
    lines = _lines_with_offsets(text)
    kinds = [_line_kind(line) for _, line in lines]
    # A lone `- Key: Value` line is an ordinary list item; an infobox is a run.
    for i, kind in enumerate(kinds):
        if kind == "infobox":
            neighbours = (kinds[i - 1] if i else None, kinds[i + 1] if i + 1 < len(kinds) else None)
            if "infobox" not in neighbours:
                kinds[i] = "list_item"

    blocks: list[Block] = []
    section = ""
    paragraph: list[tuple[int, str]] = []

    def close_paragraph() -> None:
        if paragraph:
            start = paragraph[0][0] + _leading_space(paragraph[0][1])
            last_start, last_line = paragraph[-1]
            end = last_start + len(last_line.rstrip())
            blocks.append(Block(len(blocks), "paragraph", start, end, section))
            paragraph.clear()

    for (offset, line), kind in zip(lines, kinds):
        if kind == "paragraph":
            paragraph.append((offset, line))
            continue
        close_paragraph()
        if kind == "blank":
            continue
        start, end = _content_span(line, kind)
        if kind == "heading":
            section = line[start:end]
        blocks.append(Block(len(blocks), kind, offset + start, offset + end, section))
    close_paragraph()
    return _mark_title(blocks, text)


def split_sentences(text: str, block: Block) -> list[tuple[int, int]]:
    """Sentence offsets inside one block. Headings, list items and infobox
    lines are one sentence each; paragraphs split at sentence-final
    punctuation that is not an abbreviation or an initial."""
    if block.kind != "paragraph":
        return [(block.start, block.end)]
    content = text[block.start : block.end]
    spans, begin = [], 0
    for match in _SENTENCE_END.finditer(content):
        if _is_abbreviation(content[: match.start() + 1], content[match.end() :]):
            continue
        spans.append((begin, match.end()))
        begin = match.end() + _leading_space(content[match.end() :])
    spans.append((begin, len(content)))
    return [(block.start + s, block.start + e) for s, e in spans if content[s:e].strip()]


def ingest(sources: list[SourceFile], metadata: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Decode and structure every document; return (documents, sentences, infobox)."""
    meta_by_id = {row["doc_id"]: row for row in metadata.to_dict("records")}
    documents, sentences, infobox = [], [], []
    for source in sources:
        meta = meta_by_id.get(source.doc_id, {})
        row = {column: meta.get(column, "") for column in METADATA_COLUMNS}
        row.update(doc_id=source.doc_id, path=str(source.path), sha256=hashlib.sha256(source.raw).hexdigest())
        try:
            text, encoding = decode(source.raw)
        except NotText as problem:
            documents.append(row | dict(status="skipped", reason=str(problem), encoding="", chars=0, blocks=0, sentences=0))
            continue
        blocks = find_blocks(text)
        doc_sentences = [
            dict(doc_id=source.doc_id, start=s, end=e, block_id=b.block_id, block_kind=b.kind, section=b.section, text=text[s:e])
            for b in blocks
            for s, e in split_sentences(text, b)
        ]
        for sent_id, sentence in enumerate(doc_sentences):
            sentence["sent_id"] = sent_id
        sentences.extend(doc_sentences)
        infobox.extend(_infobox_rows(source.doc_id, text, blocks))
        status = "ok" if text.strip() else "empty"
        row.update(
            title=row["title"] or _title(text, blocks),
            status=status,
            reason="" if status == "ok" else "no text",
            encoding=encoding,
            chars=len(text),
            blocks=len(blocks),
            sentences=len(doc_sentences),
        )
        documents.append(row)
    return (
        pd.DataFrame(documents, columns=DOCUMENT_COLUMNS),
        pd.DataFrame(sentences, columns=SENTENCE_COLUMNS),
        pd.DataFrame(infobox, columns=INFOBOX_COLUMNS),
    )


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    """Lines without their terminators, each with its start offset (any line
    break Python knows ends a line, CRLF included)."""
    lines, offset = [], 0
    for line in text.splitlines(keepends=True):
        lines.append((offset, line.rstrip(_LINE_BREAKS)))
        offset += len(line)
    return lines


def _line_kind(line: str) -> str:
    if not line.strip():
        return "blank"
    if _HEADING.match(line):
        return "heading"
    if _INFOBOX_ITEM.match(line):
        return "infobox"
    if _LIST_ITEM.match(line):
        return "list_item"
    return "paragraph"


def _content_span(line: str, kind: str) -> tuple[int, int]:
    """The part of a line that carries text: heading marks and bullets
    excluded; a numbered item keeps its number, which is content."""
    end = len(line.rstrip())
    if kind == "heading":
        match = _HEADING.match(line)
        group = "wiki" if match.group("wiki") is not None else "md"
        return match.start(group), match.end(group)
    bullet = _BULLET.match(line)
    if kind in ("infobox", "list_item") and bullet:
        return bullet.end(), end
    return _leading_space(line), end


def _leading_space(text: str) -> int:
    return len(text) - len(text.lstrip())


def _mark_title(blocks: list[Block], text: str) -> list[Block]:
    """The first block is the title when it is a heading or a short line on its own."""
    if not blocks:
        return blocks
    first = blocks[0]
    content = text[first.start : first.end]
    short_line = first.kind == "paragraph" and "\n" not in content and len(content) <= 120 and not content.endswith((".", "!", "?", ":"))
    if first.kind == "heading" or short_line:
        title = Block(first.block_id, "title", first.start, first.end, content)
        return [title] + [
            b if b.section else Block(b.block_id, b.kind, b.start, b.end, content) for b in blocks[1:]
        ]
    return blocks


def _title(text: str, blocks: list[Block]) -> str:
    if blocks and blocks[0].kind == "title":
        return text[blocks[0].start : blocks[0].end]
    return ""


def _infobox_rows(doc_id: str, text: str, blocks: list[Block]) -> list[dict]:
    rows = []
    for block in blocks:
        if block.kind != "infobox":
            continue
        line = text[block.start : block.end]
        key, _, value = line.partition(":")
        value_start = block.start + len(key) + 1 + _leading_space(value)
        value = value.strip()
        rows.append(dict(doc_id=doc_id, key=key.strip(), value=value, start=value_start, end=value_start + len(value)))
    return rows


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, bool]:
    """Abbreviation -> whether it is one only before a number."""
    lines = (PACKAGE_DATA / "abbreviations.txt").read_text(encoding="utf-8").splitlines()
    entries = (line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))
    return {entry.removesuffix("#").strip(): entry.endswith("#") for entry in entries}


def _is_abbreviation(text_through_period: str, following: str) -> bool:
    """Whether the period closing `text_through_period` belongs to a word, not the sentence."""
    match = _WORD_BEFORE.search(text_through_period)
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. Smith"
    before_number_only = _abbreviations().get(word.lower())
    if before_number_only is None:
        return False
    return not before_number_only or following.lstrip()[:1].isdigit()


def read_document_text(path: Path) -> str:
    """The text of a document file exactly as ingest decoded it."""
    return decode(Path(path).read_bytes())[0]
