"""PDFs for the fake-redaction and redaction tests, drawn with reportlab (Helvetica: one byte per glyph)."""
from __future__ import annotations

import io
import re
from pathlib import Path

SECRET = "Secret Person"
LINE_Y = 720


def _canvas(buffer):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(buffer, pagesize=(595, 842))
    c.setFont("Helvetica", 12)
    return c


def _secret_box(c) -> tuple[float, float, float, float]:
    """Draw 'Name: Secret Person' and return the box (x, y, w, h) around the secret words."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    prefix = "Name: "
    c.drawString(72, LINE_Y, prefix + SECRET)
    x = 72 + stringWidth(prefix, "Helvetica", 12)
    return x - 1, LINE_Y - 3, stringWidth(SECRET, "Helvetica", 12) + 2, 14


def _rect(c, box, grey: float) -> None:
    c.setFillGray(grey)
    c.rect(*box, fill=1, stroke=0)
    c.setFillGray(0)


def scenario(name: str, c) -> None:
    """Draw one scenario on the canvas (see SCENARIOS)."""
    if name == "black_box_over_text":
        _rect(c, _secret_box(c), 0)
    elif name == "text_removed_box_drawn":  # an honest redaction: no text under the box
        c.drawString(72, LINE_Y, "Name: ")
        _rect(c, (110, LINE_Y - 3, 80, 14), 0)
    elif name == "table_rules":
        c.drawString(72, LINE_Y, "Row text " + SECRET)
        _rect(c, (70, LINE_Y - 2, 300, 0.75), 0)
        _rect(c, (70, LINE_Y + 13, 300, 0.75), 0)
        _rect(c, (70, LINE_Y - 2, 0.75, 16), 0)
    elif name == "underline":
        c.drawString(72, LINE_Y, SECRET)
        _rect(c, (72, LINE_Y - 2, 80, 1.2), 0)
    elif name == "empty_black_box":
        c.drawString(72, LINE_Y, "Name: ")
        _rect(c, (300, 500, 80, 14), 0)
    elif name == "light_grey_cell_over_text":
        c.drawString(72, LINE_Y, SECRET)
        _rect(c, (70, LINE_Y - 3, 120, 16), 0.85)
    elif name == "white_text_on_black_header":
        _rect(c, (70, LINE_Y - 3, 120, 16), 0)
        c.setFillGray(1)
        c.drawString(72, LINE_Y, SECRET)
        c.setFillGray(0)
    elif name == "black_text_on_black_box":
        _rect(c, (70, LINE_Y - 3, 250, 16), 0)
        c.drawString(72, LINE_Y, SECRET)
    elif name in ("dark_highlight", "yellow_highlight", "unapplied_redact"):
        c.drawString(72, LINE_Y, "Name: " + SECRET)
    else:
        raise ValueError(name)


ANNOTATIONS = {
    "dark_highlight": ("/Highlight", "/C", [0, 0, 0]),
    "yellow_highlight": ("/Highlight", "/C", [1, 1, 0]),
    "unapplied_redact": ("/Redact", "/IC", [0, 0, 0]),
}


def build_scenario(path, name: str) -> Path:
    """A one-page PDF showing one fake or honest redaction scenario."""
    buffer = io.BytesIO()
    c = _canvas(buffer)
    scenario(name, c)
    c.save()
    data = buffer.getvalue()
    if name in ANNOTATIONS:
        data = _annotate(data, *ANNOTATIONS[name])
    Path(path).write_bytes(data)
    return Path(path)


def _annotate(data: bytes, subtype: str, colour_key: str, colour) -> bytes:
    """Add one annotation over the secret words."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        rect = [110, LINE_Y - 3, 190, LINE_Y + 11]
        annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name(subtype), Rect=rect,
                                   **{colour_key[1:]: colour})
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def build_lines(path, lines, *, font="Helvetica", metadata=None) -> Path:
    """A one-page PDF with one text line per item (font 'STSong-Light' for Chinese)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if font == "STSong-Light":
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    buffer = io.BytesIO()
    c = _canvas(buffer)
    c.setFont(font, 12)
    for i, line in enumerate(lines):
        c.drawString(72, LINE_Y - 20 * i, line)
    for key, value in (metadata or {}).items():
        getattr(c, f"set{key}")(value)
    c.save()
    Path(path).write_bytes(buffer.getvalue())
    return Path(path)


def append_revision(path, new_lines) -> Path:
    """Append an incremental update that replaces page 1's content with `new_lines` (old text stays in the file)."""
    import pikepdf

    data = Path(path).read_bytes()
    with pikepdf.open(path) as pdf:
        content_num = pdf.pages[0].obj.Contents.objgen[0]
        root = pdf.trailer.Root.objgen[0]
        size = int(pdf.trailer.Size)
    text = "".join(f"BT /F1 12 Tf 72 {LINE_Y - 20 * i} Td ({line}) Tj ET\n" for i, line in enumerate(new_lines))
    stream = text.encode("latin-1")
    prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    offset = len(data) + 1
    body = b"\n" + f"{content_num} 0 obj\n<< /Length {len(stream)} >>\nstream\n".encode() + stream + \
        b"\nendstream\nendobj\n"
    xref_at = len(data) + len(body)
    xref = (f"xref\n0 1\n0000000000 65535 f \n{content_num} 1\n{offset:010d} 00000 n \n"
            f"trailer\n<< /Size {size} /Root {root} 0 R /Prev {prev} >>\nstartxref\n{xref_at}\n%%EOF\n")
    Path(path).write_bytes(data + body + xref.encode())
    return Path(path)


def attach(path, name: str, payload: bytes) -> Path:
    """Embed a file in the PDF (Names/EmbeddedFiles)."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.attachments[name] = pikepdf.AttachedFileSpec(pdf, payload, filename=name)
        pdf.save(path)
    return Path(path)
