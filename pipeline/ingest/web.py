"""HTML pages: the main text as parts, without scripts, styles or navigation.

selectolax (the lexbor engine) parses a page into a tree about eight times
faster than the standard library's html.parser and decodes character
references (`&nbsp;`, `&quot;`); it has no dependencies of its own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser

from pipeline.config import PACKAGE_DATA
from pipeline.ingest.blocks import Part
from pipeline.ingest.decoding import check_encoding

# Never text: code, styling, and the page's frame around its content.
_SKIP = {"script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "head",
         "nav", "header", "footer", "aside", "form", "button", "select", "dialog", "menu"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCKS = {"p", "div", "section", "article", "main", "header", "blockquote", "pre", "ul", "ol", "dl", "dt", "dd",
           "figure", "figcaption", "address", "details", "summary", "center", "body", "html", "hr", "caption"}
_SPACES = re.compile(r"\s+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def declared_charset(raw: bytes) -> str:
    """The encoding a page declares in a `<meta>` tag near its start, or ""
    (also for a name no codec has). Latin-1 and ASCII mean windows-1252, as
    browsers read them."""
    match = _CHARSET.search(raw[:4096])
    if not match:
        return ""
    try:
        name = check_encoding(match.group(1).decode("ascii"))
    except ValueError:
        return ""
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def read_parts(markup: str) -> list[Part]:
    """The page's title, headings, paragraphs, list items, infobox fields and
    table rows, in order. The content of `<main>` or a lone `<article>` when
    the page has one; else the body."""
    tree = LexborHTMLParser(markup)
    for node in tree.css("br"):
        node.replace_with(" ")
    root = tree.css_first("main") or (tree.css_first("article") if len(tree.css("article")) == 1 else None) or tree.body
    parts: list[Part] = []
    if root is not None:
        # A page's <header> is its frame; an article's holds its headline.
        skip = _SKIP if root.tag == "body" else _SKIP - {"header"}
        _walk(root, "paragraph", parts, skip)
    title = tree.css_first("title")
    text = _clean(title.text()) if title is not None else ""
    if text and (not parts or parts[0].kind != "heading"):
        parts.insert(0, Part("title", text))
    return parts


def _walk(node, kind: str, parts: list[Part], skip: set[str]) -> None:
    """Inline text gathers into one part of `kind`; a block child closes it."""
    buffer: list[str] = []

    def flush() -> None:
        text = _clean("".join(buffer))
        if text:
            parts.append(Part(kind, text))
        buffer.clear()

    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            buffer.append(child.text_content or "")
        elif tag in skip or tag == "-comment" or _boilerplate(child):
            continue
        elif tag in _HEADINGS:
            flush()
            _walk(child, "heading", parts, skip)
        elif tag == "li":
            flush()
            _walk(child, "list_item", parts, skip)
        elif tag == "table":
            flush()
            parts.extend(_table(child))
        elif tag in _BLOCKS:
            flush()
            _walk(child, "paragraph" if kind == "list_item" else kind, parts, skip)
        else:
            buffer.append(child.text(deep=True, separator=""))
    flush()


def _boilerplate(node) -> bool:
    """Whether an element is page furniture by its class or role (see
    ingest_html_boilerplate.txt), not the document's text."""
    attributes = node.attributes
    classes = (attributes.get("class") or "").split()
    return attributes.get("role") == "navigation" or any(name in _boilerplate_classes() for name in classes)


@lru_cache(maxsize=1)
def _boilerplate_classes() -> frozenset[str]:
    lines = (PACKAGE_DATA / "ingest_html_boilerplate.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _table(table) -> list[Part]:
    """An infobox (class "infobox", or rows of one header and one cell)
    gives fields; any other table gives a row of tab-separated cells each."""
    rows = [row for row in table.css("tr")]
    infobox = "infobox" in (table.attributes.get("class") or "")
    parts = []
    for row in rows:
        cells = [_clean(cell.text(deep=True, separator=" ")) for cell in row.iter() if cell.tag in ("th", "td")]
        header = [cell.tag for cell in row.iter() if cell.tag in ("th", "td")]
        if infobox and header == ["th", "td"] and cells[0] and cells[1]:
            parts.append(Part("infobox", cells[1], cells[0]))
        elif any(cells):
            parts.append(Part("table_row", "\t".join(c for c in cells if c)))
    return parts


def _clean(text: str) -> str:
    """One space for any run of white space (no-break spaces included)."""
    return _SPACES.sub(" ", text.replace("\xa0", " ")).strip()
