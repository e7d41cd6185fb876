"""PDF files: the text layer, laid out in lines, paragraphs and headings.

pypdf is pure Python with no dependencies (pdfminer.six brings in
`cryptography`), and its text visitor gives each piece of text with its
position and font size: a vertical gap wider than a line starts a new
paragraph, a line in a larger font than the body is a heading. A PDF with no
text layer (a scanned image) is skipped with that reason: there is no OCR.
"""

from __future__ import annotations

import io
import logging
import statistics
from dataclasses import dataclass

from pipeline.ingest.blocks import Part
from pipeline.ingest.decoding import NotText

# A gap between baselines over this many times the font size starts a paragraph.
_PARAGRAPH_GAP = 1.6
# A line whose font is this much larger than the body's is a heading.
_HEADING_SCALE = 1.15
_MAX_HEADING_CHARS = 150


@dataclass
class _Line:
    y: float
    size: float
    text: str
    page: int


def read_parts(raw: bytes) -> list[Part]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    # pypdf logs what it repairs; a file it cannot read becomes a reason instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise NotText("encrypted PDF: no text can be read without its password")
        lines = [line for number, page in enumerate(reader.pages) for line in _page_lines(page, number)]
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise NotText(f"not a readable PDF ({error})") from error
    if not any(line.text.strip() for line in lines):
        raise NotText("PDF without a text layer (a scanned image?): no OCR is done")
    return _paragraphs(lines)


def _page_lines(page, number: int) -> list[_Line]:
    """The page's text pieces joined into lines by their baseline."""
    lines: list[_Line] = []

    def visit(text, cm, tm, font, size):
        if not text:
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0
        for k, piece in enumerate(text.split("\n")):
            if lines and k == 0 and abs(lines[-1].y - y) <= max(size * scale, 1.0) * 0.5:
                lines[-1].text += piece
            elif piece.strip() or k == 0:
                lines.append(_Line(y, size * scale, piece, number))

    page.extract_text(visitor_text=visit)
    return [line for line in lines if line.text.strip()]


def _paragraphs(lines: list[_Line]) -> list[Part]:
    """Lines to parts: close lines in the body's size form a paragraph."""
    body = statistics.median_low([round(line.size, 1) for line in lines for _ in line.text]) or 1.0
    parts: list[Part] = []
    current: list[_Line] = []

    def flush() -> None:
        if current:
            parts.append(Part("paragraph", "\n".join(line.text.strip() for line in current)))
            current.clear()

    for line in lines:
        heading = line.size >= body * _HEADING_SCALE and len(line.text.strip()) <= _MAX_HEADING_CHARS
        if heading:
            flush()
            parts.append(Part("heading", " ".join(line.text.split())))
            continue
        if current:
            previous = current[-1]
            gap = previous.y - line.y
            if previous.page != line.page or gap > _PARAGRAPH_GAP * max(line.size, 1.0) or gap < 0:
                flush()
        current.append(line)
    flush()
    return parts
