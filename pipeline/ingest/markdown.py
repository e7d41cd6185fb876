"""Markdown: headings, paragraphs, list items and table rows as parts.

markdown-it-py (CommonMark, already installed with spaCy's command line)
gives the block structure as tokens, and each inline run as children from
which the text is taken without its markup (emphasis marks, link targets).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from pipeline.ingest.blocks import Part

_SPACES = re.compile(r"[ \t\xa0]+")


def read_parts(text: str) -> list[Part]:
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    parts: list[Part] = []
    kind_stack: list[str] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "heading_open":
            kind_stack.append("heading")
        elif token.type == "list_item_open":
            kind_stack.append("list_item")
        elif token.type in ("heading_close", "list_item_close"):
            kind_stack.pop()
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            parts.append(Part("table_row", "\t".join(c for c in row if c)))
            row = None
        elif token.type == "inline":
            content = _inline_text(token)
            if row is not None:
                row.append(content)
            else:
                parts.append(Part(kind_stack[-1] if kind_stack else "paragraph", content))
        elif token.type in ("fence", "code_block"):
            parts.append(Part("paragraph", token.content.strip()))
    return parts


def _inline_text(token) -> str:
    """An inline run's text: words and code, image descriptions, no markup."""
    pieces = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append("\n")
        elif child.type == "image":
            pieces.append(child.content)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in "".join(pieces).split("\n")).strip()
