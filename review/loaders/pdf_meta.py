"""PDF structure read with pikepdf: open checks, document info, XMP, annotations, attachments."""
from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from review.config import Config
from review.errors import CorruptFile, EncryptedFile, FileTooLarge
from review.model import Location

INFO_TEXT_SKIP = {"CreationDate", "ModDate", "Trapped"}
XMP_SKIP_SUFFIXES = ("Date", "ID", "DocumentID", "InstanceID", "format", "Trapped")
# XMP namespaces -> their usual prefixes, so fields read "xmp.dc:creator" rather than Clark notation.
XMP_PREFIXES = {
    "http://purl.org/dc/elements/1.1/": "dc", "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/pdf/1.3/": "pdf", "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights", "http://ns.adobe.com/photoshop/1.0/": "photoshop",
    "http://ns.adobe.com/pdfx/1.3/": "pdfx",
}


def open_pdf(path: Path, data: bytes, config: Config) -> pikepdf.Pdf:
    """Open with an empty password; refuse files that need one, damaged files and too many pages."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise EncryptedFile(str(path), "the PDF is password-protected (it cannot be opened without a "
                                       "password); remove the password and try again") from None
    except (pikepdf.PdfError, ValueError, OSError) as exc:
        raise CorruptFile(str(path), f"the PDF is damaged and cannot be read ({type(exc).__name__})") from None
    pages = len(pdf.pages)
    if pages > config.max_pdf_pages:
        pdf.close()
        raise FileTooLarge(str(path), f"the PDF has {pages} pages, over the limit of {config.max_pdf_pages} "
                                      f"(max_pdf_pages)")
    return pdf


def info_pieces(pdf: pikepdf.Pdf) -> tuple[list, list]:
    """Document info entries: text ones as metadata pieces (field info.X), dates as facts."""
    pieces, facts = [], []
    try:
        items = list(pdf.docinfo.items())
    except (pikepdf.PdfError, ValueError, TypeError):
        return pieces, facts
    for key, value in items:
        name, text = str(key).lstrip("/"), _text(value)
        if not text:
            continue
        if name in INFO_TEXT_SKIP:
            facts.append((f"info.{name}", text))
        else:
            pieces.append((text, Location(layer="metadata", field=f"info.{name}")))
    return pieces, facts


def xmp_pieces(pdf: pikepdf.Pdf) -> list:
    """XMP metadata text values (field xmp.<qualified name>); dates and identifiers are left out."""
    try:
        meta = pdf.open_metadata()
        items = [(key, meta[key]) for key in list(meta)]
    except Exception:  # malformed XMP must not stop the review of the page text (noqa: BLE001)
        return []
    pieces = []
    for key, value in items:
        name = _qualified(str(key))
        if name.endswith(XMP_SKIP_SUFFIXES):
            continue
        text = _text(value)
        if text:
            pieces.append((text, Location(layer="metadata", field=f"xmp.{name}")))
    return pieces


def _qualified(key: str) -> str:
    """'{http://purl.org/dc/elements/1.1/}creator' -> 'dc:creator' (unknown namespaces: the local name)."""
    if not key.startswith("{"):
        return key
    namespace, _, local = key[1:].partition("}")
    prefix = XMP_PREFIXES.get(namespace)
    return f"{prefix}:{local}" if prefix else local


def annotation_pieces(pdf: pikepdf.Pdf) -> list:
    """Annotation contents (author in location.author), link targets and form field values, per page."""
    pieces = []
    for number, page in enumerate(pdf.pages, start=1):
        annots = page.obj.get("/Annots")
        if not isinstance(annots, pikepdf.Array):
            continue
        for annot in annots:
            if isinstance(annot, pikepdf.Dictionary):
                pieces += _annotation(annot, number)
    return pieces


def _annotation(annot: pikepdf.Dictionary, page: int) -> list:
    """The text pieces of one annotation."""
    subtype = str(annot.get("/Subtype", "/Unknown")).lstrip("/")
    if subtype == "Popup":
        return []  # shows its parent's /Contents
    bbox = _rect(annot.get("/Rect"))
    out = []
    if subtype == "Widget":
        value = _text(annot.get("/V")) or _text(annot.get("/Parent", {}).get("/V") if "/Parent" in annot else None)
        if value:
            field = f"form.{_text(annot.get('/T')) or 'field'}"
            out.append((value, Location(layer="annotation", page=page, field=field, bbox=bbox)))
        return out
    contents = _text(annot.get("/Contents"))
    if contents:
        out.append((contents, Location(layer="annotation", page=page, field=f"annotation.{subtype}",
                                       author=_text(annot.get("/T")) or None, bbox=bbox)))
    action = annot.get("/A")
    uri = _text(action.get("/URI")) if isinstance(action, pikepdf.Dictionary) else ""
    if uri:
        out.append((uri, Location(layer="annotation", page=page, field="annotation.Link", bbox=bbox)))
    return out


def attachment_pieces(pdf: pikepdf.Pdf) -> tuple[list, tuple[str, ...]]:
    """Embedded files: their names as attachment pieces, and the names for Document.extras."""
    try:
        names = tuple(sorted(str(n) for n in pdf.attachments.keys()))
    except (pikepdf.PdfError, ValueError, TypeError, KeyError):
        return [], ()
    pieces = [(name, Location(layer="attachment", field="attachment.name")) for name in names]
    return pieces, names


def _text(value) -> str:
    """A PDF object as whitespace-collapsed text ('' for None, names stripped of '/')."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return " ".join(_text(v) for v in value).strip()
    try:
        text = str(value)
    except (UnicodeDecodeError, ValueError, TypeError):
        return ""
    return " ".join(text.split())


def _rect(value) -> tuple[float, float, float, float] | None:
    """An annotation /Rect as (x0, y0, x1, y1) floats."""
    try:
        x0, y0, x1, y1 = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
