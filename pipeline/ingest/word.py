"""Word documents (.docx): paragraphs by style, tables by row.

python-docx reads the document's paragraphs with their style names (Title,
Heading 1, List Bullet) and its tables in order; the alternative, reading
the package's XML by hand, would repeat what it does.
"""

from __future__ import annotations

import io
import re
import zipfile

from pipeline.ingest.blocks import Part
from pipeline.ingest.decoding import NotText

_SPACES = re.compile(r"[ \t\xa0]+")


def read_parts(raw: bytes) -> list[Part]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise NotText(f"not a readable Word document ({error})") from error
    parts = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            parts.append(_paragraph(Paragraph(element, document)))
        elif element.tag.endswith("}tbl"):
            for row in Table(element, document).rows:
                cells = _unique(_clean(cell.text) for cell in row.cells)
                parts.append(Part("table_row", "\t".join(c for c in cells if c)))
    return [part for part in parts if part.text]


def _paragraph(paragraph) -> Part:
    style = (paragraph.style.name if paragraph.style is not None else "").lower()
    text = _clean(paragraph.text)
    if style == "title":
        return Part("title", text)
    if style.startswith("heading"):
        return Part("heading", text)
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if style.startswith("list") or numbered:
        return Part("list_item", text)
    return Part("paragraph", text)


def _unique(cells) -> list[str]:
    """Merged cells repeat their text in each grid cell: keep it once."""
    result = []
    for cell in cells:
        if not result or cell != result[-1]:
            result.append(cell)
    return result


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()
