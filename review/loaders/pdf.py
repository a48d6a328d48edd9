"""PDF: one segment per text line per page, with one box per character, plus hidden layers.

pdfminer.six lays the text out; pikepdf (pdf_meta) opens the file first, so that
encrypted, damaged and over-long files are refused with a clear reason, and reads
the document info, XMP, annotations and attachments. Pages without a text layer
are reported: they cannot be checked without OCR.
"""
from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTAnno, LTChar, LTContainer, LTCurve, LTImage, LTTextLine

from review.config import Config
from review.errors import CorruptFile
from review.loaders import sha256_of
from review.loaders.pdf_meta import annotation_pieces, attachment_pieces, info_pieces, open_pdf, xmp_pieces
from review.model import Document, Location

# pdfminer logs parser complaints that can quote content: keep them out of the console.
logging.getLogger("pdfminer").setLevel(logging.CRITICAL)

LAPARAMS = LAParams(all_texts=True)  # also lay out text inside form XObjects (figures)
Box = tuple[float, float, float, float]
CID = re.compile(r"\(cid:\d+\)")  # how pdfminer writes a glyph it cannot map to Unicode


def line_text(line: LTTextLine) -> tuple[str, tuple[Box, ...]]:
    """A line's text and one box per character; pdfminer's virtual spaces get the gap between neighbours."""
    items = [item for item in line if isinstance(item, (LTChar, LTAnno))]
    chars: list[str] = []
    boxes: list[Box] = []
    previous: Box | None = None
    for index, item in enumerate(items):
        text = item.get_text()
        if isinstance(item, LTChar):
            box = _box(item.bbox)
            previous = box
        else:
            box = _gap(previous, _next_box(items, index), line)
        chars.extend(text)
        boxes.extend([box] * len(text))
    return _strip("".join(chars), boxes)


def _box(bbox) -> Box:
    """A bbox rounded to 1/100 point (plenty for redaction, smaller JSON)."""
    return tuple(round(float(v), 2) for v in bbox)


def _next_box(items, index: int) -> Box | None:
    """The box of the next real character after `index`, if any."""
    for item in items[index + 1:index + 4]:
        if isinstance(item, LTChar):
            return _box(item.bbox)
    return None


def _gap(previous: Box | None, following: Box | None, line: LTTextLine) -> Box:
    """A box for a virtual space: between its neighbours, or a zero-width box at the line end."""
    if previous and following and following[0] >= previous[2]:
        return (previous[2], min(previous[1], following[1]), following[0], max(previous[3], following[3]))
    if previous:
        return (previous[2], previous[1], previous[2], previous[3])
    x0, y0, _, y1 = _box(line.bbox)
    return (x0, y0, x0, y1)


def _strip(text: str, boxes: list[Box]) -> tuple[str, tuple[Box, ...]]:
    """Strip surrounding whitespace from text and the matching boxes together."""
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[start:end], tuple(boxes[start:end])


def page_objects(container):
    """Text lines, filled shapes and images of a page, depth first (text boxes, figures)."""
    for obj in container:
        if isinstance(obj, LTTextLine):
            yield obj
        elif isinstance(obj, (LTCurve, LTImage)):  # LTRect and LTLine are LTCurves
            yield obj
        elif isinstance(obj, LTContainer):
            yield from page_objects(obj)


def read_pages(path: Path, data: bytes, max_pages: int):
    """Per page: (number, pieces, filled shapes, images). Raises CorruptFile when pdfminer fails."""
    try:
        for number, layout in enumerate(extract_pages(io.BytesIO(data), laparams=LAPARAMS, maxpages=max_pages),
                                        start=1):
            yield number, *_page(number, layout)
    except (RecursionError, MemoryError):
        raise
    except Exception as exc:  # pdfminer has no common error base; report the kind only (noqa: BLE001)
        raise CorruptFile(str(path), f"the PDF text cannot be extracted ({type(exc).__name__})") from None


def _page(number: int, layout) -> tuple[list, list, list]:
    """Lines as (text, location, boxes) pieces, filled shapes and image boxes of one page."""
    pieces, shapes, images = [], [], []
    for obj in page_objects(layout):
        if isinstance(obj, LTTextLine):
            text, boxes = line_text(obj)
            if text:
                pieces.append((text, Location(layer="page", page=number, bbox=_box(obj.bbox)), boxes))
        elif isinstance(obj, LTImage):
            images.append((number, _box(obj.bbox)))
        elif getattr(obj, "fill", False):
            shapes.append((number, _box(obj.bbox), _colour(obj.non_stroking_color)))
    return pieces, shapes, images


def _colour(value):
    """A fill colour as a tuple of floats (gray, RGB or CMYK), or None when it is a pattern."""
    if isinstance(value, (int, float)):
        return (float(value),)
    if isinstance(value, (list, tuple)) and all(isinstance(v, (int, float)) for v in value):
        return tuple(float(v) for v in value)
    return None


def load(path: Path, data: bytes, config: Config) -> Document:
    """Load a PDF: page text lines with character boxes, metadata, annotations, attachments."""
    with open_pdf(path, data, config) as pdf:
        hidden, facts, attachment_names = _structure(pdf)
        pages, notes = _text_pages(path, data, pdf, config)
        page_count, encrypted = len(pdf.pages), pdf.is_encrypted
    pieces = [piece for _, page_pieces, _, _ in pages for piece in page_pieces]
    empty = tuple(number for number, page_pieces, _, _ in pages if not page_pieces)
    undecodable = tuple(number for number, page_pieces, _, _ in pages if _undecodable(page_pieces))
    warnings = notes + [f"page {n} has no text layer: it cannot be checked without OCR" for n in empty]
    warnings += [f"page {n} text cannot be decoded (its fonts have no Unicode map): it cannot be checked "
                 f"without OCR" for n in undecodable]
    if attachment_names:
        warnings.append(f"{len(attachment_names)} attached file(s) are not checked: review them separately")
    extras = (("pages_without_text", empty), ("pages_undecodable", undecodable),
              ("filled_shapes", tuple(shape for page in pages for shape in page[2])),
              ("images", tuple(image for page in pages for image in page[3])),
              ("embedded_files", attachment_names), ("incremental_updates", max(0, data.count(b"%%EOF") - 1)),
              ("encrypted", encrypted))
    return Document.build(str(path), "pdf", pieces + hidden, sha256_of(data), pages=page_count,
                          size=len(data), metadata=tuple(facts), warnings=tuple(warnings), extras=extras)


def _undecodable(page_pieces) -> bool:
    """True when most of a page's text is pdfminer's '(cid:N)' for glyphs it could not map to Unicode."""
    total = sum(len(text) for text, _, _ in page_pieces)
    unmapped = sum(len(match) for text, _, _ in page_pieces for match in CID.findall(text))
    return total > 0 and unmapped > total / 2


def _structure(pdf) -> tuple[list, list, tuple[str, ...]]:
    """Hidden-layer pieces (info, XMP, annotations, attachment names), date facts, attachment names."""
    info, facts = info_pieces(pdf)
    attachments, names = attachment_pieces(pdf)
    return info + xmp_pieces(pdf) + annotation_pieces(pdf) + attachments, facts, names


def _text_pages(path: Path, data: bytes, pdf, config: Config) -> tuple[list, list[str]]:
    """Pages read by pdfminer, from the decrypted or qpdf-repaired copy when the original cannot be read."""
    if pdf.is_encrypted:
        return list(read_pages(path, _rewritten(pdf), config.max_pdf_pages)), []
    try:
        return list(read_pages(path, data, config.max_pdf_pages)), []
    except CorruptFile:  # pdfminer is stricter than qpdf: read the copy qpdf repaired
        pages = list(read_pages(path, _rewritten(pdf), config.max_pdf_pages))
        return pages, ["the PDF structure is damaged: it was repaired before reading, text may be missing"]


def _rewritten(pdf) -> bytes:
    """The PDF as qpdf rewrites it: repaired, and without encryption (it opened with no password)."""
    out = io.BytesIO()
    pdf.save(out)  # pikepdf drops the encryption unless asked to keep it
    return out.getvalue()
