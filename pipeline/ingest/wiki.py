"""MediaWiki markup: a .wiki file becomes plain text; in a .txt the text stays as read.

A .txt stays the file as read, so offsets index it exactly; the later stages
read a copy of the same length in which markup is blanked: link brackets and
targets, bold and italic quotes, template and parameter names, tag brackets,
comments, heading, list and table marks. What a reader sees stays: link
labels, template values (an infobox's fields, a citation's title and date),
the contents of references. A blanked template separator becomes a line
break, so no name runs from one field into the next. The blanks leave runs
of spaces the model reads less well than single ones (bold "The X of"
becomes "The    X    of"), so a .wiki file, whose offsets need not index the
file, becomes plain text: each block without the blanked characters
(`read_parts`).

wikitextparser gives every link, template, argument, tag and table with its
character span, which is what masking without moving a character needs.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

import wikitextparser

from pipeline.config import PACKAGE_DATA
from pipeline.ingest.blocks import Block, Part, finish_blocks, group_paragraphs, lines_with_offsets

_SIGNS = {
    "link": re.compile(r"\[\[[^\[\]\n]+\]\]"),
    "template": re.compile(r"\{\{[^{}]*\}\}"),
    "bold": re.compile(r"'''[^'\n]+'''"),
    "ref": re.compile(r"<ref[\s>/]"),
    "table": re.compile(r"^\{\|", re.MULTILINE),
    "category": re.compile(r"\[\[Category:", re.IGNORECASE),
}
_QUOTES = re.compile(r"'{2,}")
_HEADING = re.compile(r"^[ \t]*(=+)[ \t]*(\S.*?)[ \t]*(=+)[ \t]*$")
_LIST_MARK = re.compile(r"^[ \t]*[*#:;]+[ \t]*")
_TABLE_MARK = re.compile(r"^[ \t]*(\{\||\|\}|\|-|\|\+|!|\|)")
_MAGIC_WORD = re.compile(r"__[A-Z]+__")
_NAMESPACE = re.compile(r"^\s*:?\s*(category|file|image|media|[a-z]{2,3}(-[a-z]+)?)\s*:", re.IGNORECASE)
# `style="..." |` before a cell's content: attributes end at a single bar.
_CELL_ATTRIBUTES = re.compile(r'(?:^[ \t]*[|!]|\|\||!!)([^|\n]*?=\s*"[^"\n]*"[^|\n]*)\|(?!\|)')
_INFOBOX = re.compile(r"^\s*infobox\b", re.IGNORECASE)
_EDGES = " \t\r\n[]"


def looks_like_wiki(text: str) -> bool:
    """Whether a text is MediaWiki markup: two kinds of its signs at least
    (links, templates, bold quotes, references, tables, categories)."""
    return sum(1 for pattern in _SIGNS.values() if pattern.search(text)) >= 2


def mask(text: str, *, link_brackets: bool = False) -> str:
    """A copy of `text`, as long, with the markup blanked (see the module's
    docstring). With `link_brackets`, a link's `[[` and `]]` stay: the
    tokenizer splits them off as punctuation, where blanks would leave runs
    of spaces inside a sentence ("in [[X]] on" read as "in   X   on") that
    change what the model reads."""
    chars = list(text)
    parsed = wikitextparser.parse(text)
    for comment in parsed.comments:
        _blank(chars, *comment.span)
    for tag in parsed.get_tags():
        _mask_tag(chars, text, tag)
    for template in parsed.templates:
        _mask_template(chars, template)
    for link in parsed.wikilinks:
        _mask_link(chars, link, link_brackets)
    for link in parsed.external_links:
        start, end = link.span
        if text[start] == "[":
            label = link.text or ""
            _blank(chars, start, end - 1 - len(label))
            _blank(chars, end - 1, end)
    for pattern in (_QUOTES, _MAGIC_WORD):
        for match in pattern.finditer(text):
            _blank(chars, *match.span())
    _mask_line_marks(chars, text, parsed)
    return "".join(chars)


def read_parts(text: str) -> list[Part]:
    """A wiki text as parts: each block without the characters the mask
    blanked (a field boundary stays a line break)."""
    masked = mask(text)
    parts = []
    for block in find_blocks(text, masked):
        pairs = zip(text[block.start : block.end], masked[block.start : block.end])
        kept = "".join(t if t == m else "\n" if m == "\n" else "" for t, m in pairs)
        lines = (" ".join(line.split()) for line in kept.splitlines())
        parts.append(Part(block.kind, "\n".join(line for line in lines if line), block.key))
    return parts


def find_blocks(text: str, masked: str) -> list[Block]:
    """Blocks of a wiki text: infobox fields, table rows, headings, list
    items and paragraphs, with offsets into `text` (and `masked`)."""
    parsed = wikitextparser.parse(text)
    spans: list[tuple[str, int, int, str]] = []
    covered: list[tuple[int, int]] = []
    for template in parsed.templates:
        if _INFOBOX.match(template.name) and not any(s <= template.span[0] < e for s, e in covered):
            covered.append(template.span)
            spans += _infobox_fields(template, masked)
    for table in parsed.tables:
        if not any(s <= table.span[0] < e for s, e in covered):
            covered.append(table.span)
            spans += _table_rows(text, table.span, masked)
    line_spans = []
    for offset, line in lines_with_offsets(text):
        if any(s <= offset < e for s, e in covered):
            continue
        line_spans.append(_line_span(offset, line, masked))
    return finish_blocks(group_paragraphs(line_spans) + spans, masked)


def _line_span(offset: int, line: str, masked: str) -> tuple[str, int, int, str]:
    content = masked[offset : offset + len(line)]
    start, end = offset + len(content) - len(content.lstrip()), offset + len(content.rstrip())
    if start >= end:
        return ("blank", start, start, "")
    if _HEADING.match(line):
        return ("heading", start, end, "")
    if _LIST_MARK.match(line) and line.lstrip()[:1] in "*#":
        return ("list_item", start, end, "")
    return ("paragraph", start, end, "")


def _infobox_fields(template, masked: str) -> list[tuple[str, int, int, str]]:
    fields = []
    for argument in template.arguments:
        value = argument.value
        value_start = argument.span[1] - len(value)
        # A value that is one link is the link's label: its brackets are trimmed too.
        content = masked[value_start : argument.span[1]]
        start = value_start + len(content) - len(content.lstrip(_EDGES))
        end = value_start + len(content.rstrip(_EDGES))
        if start < end and not argument.positional:
            fields.append(("infobox", start, end, argument.name.strip()))
    return fields


def _table_rows(text: str, span: tuple[int, int], masked: str) -> list[tuple[str, int, int, str]]:
    """One block per table row: the lines from one `|-` mark to the next."""
    rows, current = [], []
    for offset, line in lines_with_offsets(text[: span[1]])[::-1]:
        if offset < span[0]:
            break
        current.append((offset, line))
    current.reverse()
    row: list[tuple[int, str]] = []
    for offset, line in current + [(span[1], "|-")]:
        if line.lstrip().startswith(("|-", "|}", "{|", "|+")):
            if row:
                start, end = row[0][0], row[-1][0] + len(row[-1][1])
                rows.append(_trimmed("table_row", start, end, masked))
            row = [(offset, line)] if line.lstrip().startswith("|+") else []
        else:
            row.append((offset, line))
    return [r for r in rows if r[1] < r[2]]


def _trimmed(kind: str, start: int, end: int, masked: str, key: str = "") -> tuple[str, int, int, str]:
    content = masked[start:end]
    return (kind, start + len(content) - len(content.lstrip()), start + len(content.rstrip()), key)


def _blank(chars: list[str], start: int, end: int, *, boundary: bool = False) -> None:
    """Spaces for the markup in [start, end); line breaks stay. With
    `boundary`, the first character becomes a line break: a field ends there."""
    for i in range(start, min(end, len(chars))):
        if chars[i] not in "\r\n":
            chars[i] = " "
    if boundary and start < end and chars[start] == " ":
        chars[start] = "\n"


def _mask_tag(chars: list[str], text: str, tag) -> None:
    start, end = tag.span
    contents = tag.contents
    if not contents:
        _blank(chars, start, end)
        return
    inner_start, inner_end = tag.parsed_contents.span
    _blank(chars, start, inner_start)
    _blank(chars, inner_end, end)


def _mask_template(chars: list[str], template) -> None:
    """Blank the braces, the name and each argument's `|name=`; keep values,
    except where ingest_wiki_templates.csv says the template's values are
    not text (maintenance notes, a language code)."""
    start, end = template.span
    action = _template_actions().get(" ".join(template.name.strip().lower().replace("_", " ").split()), "")
    if action == "drop":
        _blank(chars, start, end)
        return
    if action == "code_first" and template.arguments:
        _blank(chars, *template.arguments[0].span)
    first = template.arguments[0].span[0] if template.arguments else end - 2
    _blank(chars, start, first)
    for position, argument in enumerate(template.arguments):
        value_start = argument.span[1] - len(argument.value)
        # An inline template's first value continues the sentence ({{lang|...}}).
        _blank(chars, argument.span[0], value_start, boundary=position > 0 or not argument.positional)
    _blank(chars, end - 2, end)


@lru_cache(maxsize=1)
def _template_actions() -> dict[str, str]:
    """Template name (lower case) -> what to do with its values."""
    with open(PACKAGE_DATA / "ingest_wiki_templates.csv", newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["template"].strip().lower(): row["action"].strip() for row in rows}


def _mask_link(chars: list[str], link, brackets: bool) -> None:
    """`[[target|label]]` keeps the label, `[[target]]` the target (and,
    with `brackets`, the brackets); category, file and interlanguage links
    vanish."""
    start, end = link.span
    if _NAMESPACE.match(link.target):
        _blank(chars, start, end)
        return
    label = link.text
    label_start = end - 2 - len(label) if label is not None else start + 2
    _blank(chars, start, label_start)
    if brackets:
        chars[label_start - 2 : label_start] = "[["  # next to the label, as in [[label]]
    else:
        _blank(chars, end - 2, end)


def _mask_line_marks(chars: list[str], text: str, parsed) -> None:
    """Heading `=` runs, list marks, and table marks and cell separators."""
    tables = [table.span for table in parsed.tables]
    for offset, line in lines_with_offsets(text):
        heading = _HEADING.match(line)
        if heading:
            _blank(chars, offset, offset + heading.start(2))
            _blank(chars, offset + heading.end(2), offset + len(line))
            continue
        in_table = any(s <= offset < e for s, e in tables)
        mark = _TABLE_MARK.match(line) if in_table else _LIST_MARK.match(line)
        if not mark:
            continue
        if in_table and mark.group(1) in ("{|", "|}", "|-"):
            _blank(chars, offset, offset + len(line))
            continue
        _blank(chars, offset, offset + mark.end())
        if in_table:
            _mask_cells(chars, offset, line)


def _mask_cells(chars: list[str], offset: int, line: str) -> None:
    """Cell separators (`||`, `!!`) and cell attributes (`style="..." |`)."""
    for separator in re.finditer(r"\|\||!!", line):
        _blank(chars, offset + separator.start(), offset + separator.end(), boundary=True)
    for attributes in _CELL_ATTRIBUTES.finditer(line):
        _blank(chars, offset + attributes.start(1), offset + attributes.end())
