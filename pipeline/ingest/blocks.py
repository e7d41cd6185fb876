"""Blocks and sentences: the structure every reader hands to the later stages.

A block is a title, heading, paragraph, list item, infobox field or table
row, given by the offsets of its content (markers excluded). No sentence
crosses a block. Plain text gets its blocks from its line structure
(`find_blocks`); the readers of other formats build them from the
structure their parser gives (`Part` and `assemble`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.config import PACKAGE_DATA

_HEADING = re.compile(r"^[ \t]*(?:(=+)[ \t]*(?P<wiki>\S.*?)[ \t]*=+|(#{1,6})[ \t]+(?P<md>\S.*?))[ \t]*$")
_INFOBOX_ITEM = re.compile(r"^[ \t]*[-*•][ \t]+(?P<key>[^\W\d_][^:\n]{0,40}?):[ \t]*(?P<value>.*?)[ \t]*$")
_KEY_VALUE = re.compile(r"^(?P<key>[^\W\d_][^:\n]{0,40}?):[ \t]+(?P<value>\S.*)$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*•–]|\d{1,3}[.)])[ \t]+(?=\S)")
_BULLET = re.compile(r"[ \t]*[-*•–][ \t]+")
_LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[^\W_a-z])")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")

# Sentences longer than this are cut at a space: a parse of a 100,000-character
# "sentence" (a table dump, a file without punctuation) costs memory for nothing.
MAX_SENTENCE_CHARS = 3000


@dataclass(frozen=True)
class Block:
    """A structural unit of a document: offsets of its content (markers excluded)."""

    block_id: int
    kind: str  # title, heading, infobox, list_item, paragraph, table_row
    start: int
    end: int
    section: str
    key: str = ""  # an infobox field's name, when the block holds only its value


@dataclass(frozen=True)
class Part:
    """One piece of structure a reader found: its kind and its plain text."""

    kind: str
    text: str
    key: str = ""


def find_blocks(text: str) -> list[Block]:
    """Split a plain-text document into blocks by its line structure."""
    lines = lines_with_offsets(text)
    kinds = [_line_kind(line) for _, line in lines]
    # A lone `- Key: Value` line is an ordinary list item; an infobox is a run.
    for i, kind in enumerate(kinds):
        if kind == "infobox":
            neighbours = (kinds[i - 1] if i else None, kinds[i + 1] if i + 1 < len(kinds) else None)
            if "infobox" not in neighbours:
                kinds[i] = "list_item"
    spans = [(kind, offset + s, offset + e, "") for (offset, line), kind in zip(lines, kinds) for s, e in [_content_span(line, kind)]]
    return finish_blocks(group_paragraphs(spans), text)


def group_paragraphs(spans: list[tuple[str, int, int, str]]) -> list[tuple[str, int, int, str]]:
    """Line spans (kind, start, end, key) to block spans: a run of paragraph
    lines is one paragraph; blank lines separate and vanish."""
    blocks, paragraph = [], []
    for span in spans + [("blank", 0, 0, "")]:
        if span[0] == "paragraph":
            paragraph.append(span)
            continue
        if paragraph:
            blocks.append(("paragraph", paragraph[0][1], paragraph[-1][2], ""))
            paragraph = []
        if span[0] != "blank":
            blocks.append(span)
    return blocks


def finish_blocks(spans: list[tuple[str, int, int, str]], text: str) -> list[Block]:
    """Number block spans in document order and name each one's section (the
    nearest heading before it); the first block may be the title."""
    blocks, section = [], ""
    for kind, start, end, key in sorted(spans, key=lambda span: span[1]):
        if kind == "heading":
            section = text[start:end]
        blocks.append(Block(len(blocks), kind, start, end, section, key))
    return _mark_title(blocks, text)


def assemble(parts: list[Part]) -> tuple[str, list[Block]]:
    """A document's text from a reader's parts, and its blocks: a blank line
    between blocks, one line break inside a run of list items, infobox
    fields or table rows. Infobox fields read `Key: Value`, as in plain text."""
    parts = _infobox_runs([p for p in parts if p.text.strip()])
    pieces, spans, offset, previous = [], [], 0, None
    for part in parts:
        if previous is not None:
            separator = "\n" if part.kind == previous.kind and part.kind in ("list_item", "infobox", "table_row") else "\n\n"
            pieces.append(separator)
            offset += len(separator)
        body = f"{part.key}: {part.text}" if part.kind == "infobox" and part.key else part.text
        pieces.append(body)
        kind = "heading" if part.kind == "title" else part.kind
        spans.append((kind, offset, offset + len(body), ""))
        offset += len(body)
        previous = part
    text = "".join(pieces)
    return text, finish_blocks(spans, text)


def _infobox_runs(parts: list[Part]) -> list[Part]:
    """List items reading `Key: Value` in a run of two or more are infobox
    fields, as in plain text."""
    looks = [p.kind == "list_item" and bool(_KEY_VALUE.match(p.text)) for p in parts]
    result = []
    for i, part in enumerate(parts):
        if looks[i] and ((i and looks[i - 1]) or (i + 1 < len(parts) and looks[i + 1])):
            match = _KEY_VALUE.match(part.text)
            part = Part("infobox", match.group("value"), match.group("key").strip())
        result.append(part)
    return result


def split_sentences(text: str, block: Block) -> list[tuple[int, int]]:
    """Sentence offsets inside one block. Headings, list items, infobox
    lines and table rows are one sentence each; paragraphs split at
    sentence-final punctuation that is not an abbreviation or an initial."""
    if block.kind != "paragraph":
        return [(block.start, block.end)] if text[block.start : block.end].strip() else []
    content = text[block.start : block.end]
    spans, begin = [], 0
    for match in _SENTENCE_END.finditer(content):
        if _is_abbreviation(content[: match.start() + 1], content[match.end() :]):
            continue
        spans.append((begin, match.end()))
        begin = match.end() + leading_space(content[match.end() :])
    spans.append((begin, len(content)))
    spans = [piece for s, e in spans for piece in _cut_long(content, s, e)]
    return [(block.start + s, block.start + e) for s, e in spans if content[s:e].strip()]


def _cut_long(content: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than MAX_SENTENCE_CHARS at spaces (or anywhere, if it has none)."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = content.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        pieces.append((start, cut))
        start = cut + leading_space(content[cut : cut + 64])
    pieces.append((start, end))
    return pieces


def infobox_rows(doc_id: str, text: str, blocks: list[Block]) -> list[dict]:
    """An infobox table row per infobox block: a block with a key holds the
    value alone; a `Key: Value` line is split at its colon."""
    rows = []
    for block in blocks:
        if block.kind != "infobox":
            continue
        if block.key:
            key, value_start, value = block.key, block.start, text[block.start : block.end]
        else:
            line = text[block.start : block.end]
            key, _, value = line.partition(":")
            value_start = block.start + len(key) + 1 + leading_space(value)
            value = value.strip()
        rows.append(dict(doc_id=doc_id, key=key.strip(), value=value, start=value_start, end=value_start + len(value)))
    return rows


def lines_with_offsets(text: str) -> list[tuple[int, str]]:
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
    return leading_space(line), end


def leading_space(text: str) -> int:
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
            b if b.section else Block(b.block_id, b.kind, b.start, b.end, content, b.key) for b in blocks[1:]
        ]
    return blocks


def title_of(text: str, blocks: list[Block]) -> str:
    if blocks and blocks[0].kind == "title":
        return text[blocks[0].start : blocks[0].end]
    return ""


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, bool]:
    """Abbreviation -> whether it is one only before a number."""
    lines = (PACKAGE_DATA / "ingest_abbreviations.txt").read_text(encoding="utf-8").splitlines()
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
