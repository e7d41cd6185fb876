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
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pipeline.config import METADATA_COLUMNS, PACKAGE_DATA
from pipeline.storage import SourceFile

DOCUMENT_COLUMNS = [
    "doc_id", "path", "title", "date", "genre", "author", "source", "date_order",
    "status", "reason", "encoding", "encoding_guessed", "language", "chars", "blocks", "sentences", "sha256",
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
_WORD = re.compile(r"[^\W\d_]+")

# Sentences longer than this are cut at a space: a parse of a 100,000-character
# "sentence" (a table dump, a file without punctuation) costs memory for nothing.
MAX_SENTENCE_CHARS = 3000
# Documents longer than this are skipped with the reason (see --max-chars).
MAX_DOCUMENT_CHARS = 2_000_000


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


def decode(raw: bytes) -> tuple[str, str, bool]:
    """Decode a file's bytes to text: (text, encoding, whether the encoding was guessed).

    A byte-order mark decides first, then strict UTF-8; anything else is
    detected from the bytes, and the guess is flagged. Bytes that look like
    no text (NUL bytes, control characters) raise `NotText`.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return _checked(raw[3:].decode("utf-8")), "utf-8-sig", False
        except UnicodeDecodeError as error:
            raise NotText(f"UTF-8 byte-order mark but invalid UTF-8 at byte {error.start + 3}") from error
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(raw.decode("utf-16")), "utf-16", False
        except UnicodeDecodeError as error:
            raise NotText(f"UTF-16 byte-order mark but invalid UTF-16 at byte {error.start}") from error
    if b"\x00" in raw:
        raise NotText("contains NUL bytes: not a text file")
    try:
        return _checked(raw.decode("utf-8")), "utf-8", False
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise NotText("not UTF-8, and no other text encoding fits the bytes")
    return _checked(str(best)), best.encoding, True


def _checked(text: str) -> str:
    """Refuse text that is mostly control characters: a binary file that happened to decode."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v")
    if sample and controls / len(sample) > 0.01:
        raise NotText(f"{controls} control characters in the first {len(sample)}: not a text file")
    return text


def detect_language(text: str) -> str:
    """An ISO 639-1 code for the text's language, or "und" when unsure.

    The dominant script narrows the candidates; among them, frequent short
    words and distinctive letters decide (profiles in ingest_languages.toml).
    """
    sample = text[:5000].lower()
    letters_by_script = {script: len(pattern.findall(sample)) for script, pattern in _SCRIPTS.items()}
    script, count = max(letters_by_script.items(), key=lambda item: item[1])
    if not count:
        return "und"
    words = _WORD.findall(sample)
    if not words:
        return "und"
    word_counts = Counter(words)
    best, best_score = "und", 0.0
    for code, profile in _language_profiles().items():
        if profile["script"] != script:
            continue
        score = sum(word_counts[w] for w in profile["words"]) / len(words)
        score += sum(sample.count(ch) for ch in profile["letters"]) / count
        if score > best_score:
            best, best_score = code, score
    if best == "und" and script == "Han":
        return "zh"
    return best if best_score >= 0.01 else "und"


# Letters of each script by code point range (counted with one regex each).
_SCRIPTS = {
    "Latin": re.compile(r"[a-z\u00c0-\u024f\u1e00-\u1eff]"),
    "Cyrillic": re.compile(r"[\u0400-\u052f]"),
    "Greek": re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]"),
    "Arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f]"),
    "Hebrew": re.compile(r"[\u0590-\u05ff]"),
    "Devanagari": re.compile(r"[\u0900-\u097f]"),
    "Han": re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]"),
    "Hangul": re.compile(r"[\uac00-\ud7af]"),
    "Kana": re.compile(r"[\u3040-\u30ff]"),
}


@lru_cache(maxsize=1)
def _language_profiles() -> dict[str, dict]:
    with open(PACKAGE_DATA / "ingest_languages.toml", "rb") as handle:
        table = tomllib.load(handle)
    return {
        code: {"script": entry["script"], "words": frozenset(entry.get("words", [])), "letters": entry.get("letters", "")}
        for code, entry in table.items()
    }


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
    spans = [piece for s, e in spans for piece in _cut_long(content, s, e)]
    return [(block.start + s, block.start + e) for s, e in spans if content[s:e].strip()]


def _cut_long(content: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than MAX_SENTENCE_CHARS at spaces (or anywhere, if it has none)."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = content.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        pieces.append((start, cut))
        start = cut + _leading_space(content[cut : cut + 64])
    pieces.append((start, end))
    return pieces


def ingest(
    sources: list[SourceFile], metadata: pd.DataFrame, *, max_chars: int = MAX_DOCUMENT_CHARS
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Decode and structure every document; return (documents, sentences, infobox).

    A document that cannot be read is still a row of `documents`, with
    status `skipped` or `empty` and the reason, and has no other rows."""
    meta_by_id = {row["doc_id"]: row for row in metadata.to_dict("records")}
    documents, sentences, infobox = [], [], []
    for source in sources:
        meta = meta_by_id.get(source.doc_id, {})
        row = {column: meta.get(column, "") for column in METADATA_COLUMNS}
        row.update(doc_id=source.doc_id, path=str(source.path), sha256=hashlib.sha256(source.raw).hexdigest())
        skipped = row | dict(status="skipped", encoding="", encoding_guessed=False, language="", chars=0, blocks=0, sentences=0)
        try:
            text, encoding, guessed = decode(source.raw)
        except NotText as problem:
            documents.append(skipped | dict(reason=str(problem)))
            continue
        if len(text) > max_chars:
            documents.append(skipped | dict(reason=f"{len(text)} characters, over the limit of {max_chars} (--max-chars)", encoding=encoding, chars=len(text)))
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
        reasons = [] if status == "ok" else ["no text"]
        if guessed:
            reasons.append(f"encoding detected as {encoding}, not declared: check the text")
        row.update(
            title=row["title"] or _title(text, blocks),
            status=status,
            reason="; ".join(reasons),
            encoding=encoding,
            encoding_guessed=guessed,
            language=detect_language(text) if status == "ok" else "",
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


def read_document_text(path: Path) -> str:
    """The text of a document file exactly as ingest decoded it."""
    return decode(Path(path).read_bytes())[0]
