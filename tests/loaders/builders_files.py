"""Fixture builders for PDF, spreadsheets, text and bad inputs (re-exported by builders.py)."""
from __future__ import annotations

import csv
import io
import struct
import zlib
from pathlib import Path

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_FONT = "STSong-Light"  # a CID font every PDF viewer (and pdfminer) knows without embedding


def build_pdf(path, pages=(("第一页第一行", "第一页第二行"),), *, image_pages=(), metadata=None,
              annotations=(), user_password=None, owner_password=None, xmp=None) -> Path:
    """A PDF with one text line per item of each page; `image_pages` (1-based) hold only a picture.

    annotations: (page, author, text) triples added as /Text annotations with /T and /Contents.
    A password (user and/or owner) encrypts the file with AES-256 through pikepdf.
    xmp: {qualified name: value} written as XMP metadata (e.g. {"dc:creator": ["张三"]}).
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(595, 842))
    total = len(pages) + len(image_pages)
    text_pages = iter(pages)
    for number in range(1, total + 1):
        if number in image_pages:
            _draw_image(c)
        else:
            c.setFont(PDF_FONT, 12)
            for index, line in enumerate(next(text_pages)):
                c.drawString(72, 770 - 20 * index, line)
        c.showPage()
    for key, value in (metadata or {}).items():
        getattr(c, f"set{key}")(value)  # setAuthor, setTitle, setSubject, setCreator, setKeywords
    c.save()
    return _finish_pdf(Path(path), buffer.getvalue(), annotations, user_password, owner_password, xmp)


def _draw_image(c) -> None:
    """Draw a small grey picture: a page a scanner would produce (no text layer)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    image = Image.new("RGB", (40, 40), (120, 120, 120))
    c.drawImage(ImageReader(image), 72, 600, width=200, height=200)


def _finish_pdf(path: Path, data: bytes, annotations, user_password, owner_password, xmp=None) -> Path:
    """Add annotations, XMP and encryption with pikepdf, or write the bytes as they are."""
    if not annotations and not xmp and user_password is None and owner_password is None:
        path.write_bytes(data)
        return path
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page, author, text in annotations:
            annot = pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[100, 100, 120, 120],
                Contents=pikepdf.String(text), T=pikepdf.String(author)))
            target = pdf.pages[page - 1]
            if "/Annots" in target.obj:
                target.obj.Annots.append(annot)
            else:
                target.obj.Annots = pikepdf.Array([annot])
        if xmp:
            with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
                for key, value in xmp.items():
                    meta[key] = value
        encryption = False
        if user_password is not None or owner_password is not None:
            encryption = pikepdf.Encryption(user=user_password or "", owner=owner_password or user_password or "")
        pdf.save(path, encryption=encryption)
    return path


def build_xlsx(path, rows=(("姓名", "电话"), ("张三", "13812345678")), *, hidden_rows=(), hidden_columns=(),
               hidden_sheets=None, very_hidden_sheets=None, comments=(), white_cells=()) -> Path:
    """A workbook: `rows` on sheet 'Sheet1'; hidden rows (numbers) and columns (letters) on it;
    extra sheets {name: rows} hidden or very hidden; comments: (cell, author, text)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in rows:
        ws.append(list(row))
    for number in hidden_rows:
        ws.row_dimensions[number].hidden = True
    for letter in hidden_columns:
        ws.column_dimensions[letter].hidden = True
    for ref, author, text in comments:
        ws[ref].comment = Comment(text, author)
    for ref in white_cells:
        ws[ref].font = Font(color="FFFFFFFF")
    for sheets, state in ((hidden_sheets, "hidden"), (very_hidden_sheets, "veryHidden")):
        for name, sheet_rows in (sheets or {}).items():
            sheet = wb.create_sheet(name)
            for row in sheet_rows:
                sheet.append(list(row))
            sheet.sheet_state = state
    wb.save(path)
    return Path(path)


def build_text(path, text: str, encoding: str = "utf-8") -> Path:
    """A text file in the given encoding ('utf-8-sig' for UTF-8 with BOM, 'utf-16' adds a BOM)."""
    Path(path).write_bytes(text.encode(encoding))
    return Path(path)


def build_csv(path, rows, *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    """A CSV (or TSV with delimiter '\\t') file in the given encoding."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return build_text(path, buffer.getvalue(), encoding)


def build_ole2(path, encrypted: bool = True) -> Path:
    """An OLE2 compound-file header; `encrypted` adds the EncryptedPackage stream name of protected Office files."""
    name = "EncryptedPackage".encode("utf-16-le") if encrypted else "WordDocument".encode("utf-16-le")
    Path(path).write_bytes(OLE2_MAGIC + b"\x00" * 504 + name + b"\x00" * 1024)
    return Path(path)


def build_png(path) -> Path:
    """A real 1x1 PNG image (whatever the file is named)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) \
        + chunk(b"IEND", b"")
    Path(path).write_bytes(png)
    return Path(path)


def build_corrupt_zip(path) -> Path:
    """Bytes that start like a zip (and so like a .docx) but are truncated garbage."""
    Path(path).write_bytes(b"PK\x03\x04" + b"\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4)
    return Path(path)


def mark_zip_encrypted(path) -> Path:
    """Set the 'encrypted' flag on every entry of a zip's central directory (a protected archive)."""
    data = bytearray(Path(path).read_bytes())
    start = data.find(b"PK\x01\x02")
    while start != -1:
        data[start + 8] |= 0x01  # general purpose bit flag, bit 0: encrypted
        start = data.find(b"PK\x01\x02", start + 4)
    Path(path).write_bytes(bytes(data))
    return Path(path)


def build_pdf_without_unicode_map(path) -> Path:
    """A one-page PDF whose Identity-H font has no ToUnicode map: pdfminer can only say '(cid:N)'."""
    import pikepdf

    pdf = pikepdf.new()
    descriptor = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/SimSun"), Flags=4, FontBBox=[0, 0, 1000, 1000],
        ItalicAngle=0, Ascent=880, Descent=-120, CapHeight=700, StemV=80))
    cid_font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=pikepdf.Name("/SimSun"), DW=1000,
        CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"),
                                         Supplement=0), FontDescriptor=descriptor))
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name("/SimSun"),
        Encoding=pikepdf.Name("/Identity-H"), DescendantFonts=[cid_font]))
    content = pdf.make_stream(b"BT /F1 12 Tf 72 700 Td <0123045605670789> Tj ET")
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], Contents=content,
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)))))
    pdf.save(path)
    return Path(path)
