"""Write small Word and PDF files for the tests, from (kind, text) parts."""

from __future__ import annotations

import io


def docx_bytes(parts: list[tuple[str, str]]) -> bytes:
    """A .docx with python-docx: `title`, `heading`, `list_item`, `paragraph`,
    and `table` (cells separated by tabs, one row per part)."""
    import docx

    document = docx.Document()
    table = None
    for kind, text in parts:
        if kind != "table":
            table = None
        if kind == "title":
            document.add_paragraph(text, style="Title")
        elif kind == "heading":
            document.add_heading(text, level=1)
        elif kind == "list_item":
            document.add_paragraph(text, style="List Bullet")
        elif kind == "table":
            cells = text.split("\t")
            if table is None:
                table = document.add_table(rows=0, cols=len(cells))
            row = table.add_row()
            for cell, value in zip(row.cells, cells):
                cell.text = value
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(lines: list[tuple[int, str]], *, text_layer: bool = True) -> bytes:
    """A one-page PDF in Helvetica written by hand: (font size, text) lines
    from the top, an empty line (size 0) leaving a gap. Without a text layer
    the page holds only a drawn rectangle, as a scan's image would."""
    commands, y = [], 800
    for size, text in lines:
        if size and text_layer:
            escaped = text.encode("cp1252").decode("latin-1").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            commands.append(f"BT /F1 {size} Tf 50 {y} Td ({escaped}) Tj ET")
        y -= (size or 12) + 6
    if not text_layer:
        commands.append("0.5 g 50 400 300 300 re f")
    stream = "\n".join(commands).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
