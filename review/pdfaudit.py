"""PDF audit: fake redaction (text still present under a dark box), earlier revisions, scanned pages.

A dark box "covers" a character when the character's centre lies inside it and
either the box is painted after the character (a black rectangle over text) or
the character itself is dark (black text on a black box): in both cases a reader
sees a box and copy-paste reveals the text. Thin rules and underlines (a side
under MIN_SIDE points), light fills (shaded cells) and boxes with no text under
them are not reported. Dark Square/Highlight annotations and Redact annotations
that were never applied cover whatever lies under them.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from review.model import Document, Finding, Location

DARK = 0.25          # luminance below which a fill hides black text
MIN_SIDE = 2.0       # points: thinner shapes are rules and underlines
MAX_REVISIONS = 5    # earlier revisions compared, newest first
MAX_COMPARE_PAGES = 300  # longer files: revisions are reported, not re-extracted (each costs a full pass)
COVER_ANNOTATIONS = ("/Square", "/Highlight", "/Redact", "/Polygon", "/Ink")
Box = tuple[float, float, float, float]


def luminance(colour) -> float | None:
    """Relative luminance of a gray, RGB or CMYK fill (None: a pattern or unknown)."""
    if colour is None:
        return None
    if isinstance(colour, (int, float)):
        colour = (colour,)
    values = [float(v) for v in colour if isinstance(v, (int, float))]
    if len(values) == 1:
        return values[0]
    if len(values) == 3:
        return 0.2126 * values[0] + 0.7152 * values[1] + 0.0722 * values[2]
    if len(values) == 4:
        c, m, y, k = values
        return luminance(((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)))
    return None


def is_cover(bbox: Box, colour) -> bool:
    """A filled shape that can hide text: dark and at least MIN_SIDE points in both directions."""
    lum = luminance(colour)
    return lum is not None and lum < DARK and bbox[2] - bbox[0] >= MIN_SIDE and bbox[3] - bbox[1] >= MIN_SIDE


def _centre(b: Box) -> tuple[float, float]:
    return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2


def _inside(point, box: Box, pad: float = 0.0) -> bool:
    return box[0] - pad <= point[0] <= box[2] + pad and box[1] - pad <= point[1] <= box[3] + pad


@dataclass(frozen=True)
class Drawn:
    """A character or a filled shape, in painting order."""

    order: int
    bbox: Box
    dark: bool
    char: bool


def _walk(container, out: list) -> None:
    """Characters and filled shapes of a layout tree, in painting order (figures included)."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve

    for obj in container:
        if isinstance(obj, LTChar):
            colour = getattr(obj.graphicstate, "ncolor", None)
            lum = luminance(colour)
            out.append(Drawn(len(out), tuple(obj.bbox), lum is None or lum < DARK, True))
        elif isinstance(obj, LTCurve) and obj.fill and is_cover(tuple(obj.bbox), obj.non_stroking_color):
            out.append(Drawn(len(out), tuple(obj.bbox), True, False))
        elif isinstance(obj, LTContainer):
            _walk(obj, out)


def covered_characters(path: Path, pages) -> dict[int, list[Box]]:
    """page -> boxes of characters hidden under a dark filled shape (pdfminer, no layout analysis)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    out: dict[int, list[Box]] = {}
    rsrcmgr = PDFResourceManager()
    device = PDFPageAggregator(rsrcmgr, laparams=None)
    interpreter = PDFPageInterpreter(rsrcmgr, device)
    with open(path, "rb") as handle:
        for number, page in enumerate(PDFPage.get_pages(handle, pagenos={p - 1 for p in pages}), start=1):
            interpreter.process_page(page)
            drawn: list[Drawn] = []
            _walk(device.get_result(), drawn)
            covers = [d for d in drawn if not d.char]
            hidden = [d.bbox for d in drawn if d.char and any(
                _inside(_centre(d.bbox), c.bbox) and (c.order > d.order or d.dark) for c in covers)]
            if hidden:
                out[sorted(pages)[number - 1]] = hidden
    return out


def annotation_covers(path: Path) -> dict[int, list[tuple[Box, str]]]:
    """page -> (rect, subtype) of dark filling annotations and unapplied Redact annotations."""
    import pikepdf

    out: dict[int, list[tuple[Box, str]]] = {}
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            x0, y0 = float(page.mediabox[0]), float(page.mediabox[1])
            for annot in page.obj.get("/Annots", None) or ():
                subtype = str(annot.get("/Subtype", ""))
                colour = annot.get("/IC", None) if subtype in ("/Square", "/Polygon") else annot.get("/C", None)
                lum = luminance([float(v) for v in colour]) if colour is not None else None
                dark = lum is not None and lum < DARK
                if subtype in COVER_ANNOTATIONS and (dark or subtype == "/Redact") and "/Rect" in annot:
                    r = [float(v) for v in annot.Rect]
                    box = (min(r[0], r[2]) - x0, min(r[1], r[3]) - y0, max(r[0], r[2]) - x0, max(r[1], r[3]) - y0)
                    out.setdefault(number, []).append((box, subtype[1:]))
    return out


def _candidate_pages(document: Document) -> set[int]:
    """Pages where a dark filled shape overlaps a text line (from the loader's facts)."""
    shapes = document.extra("filled_shapes")
    if shapes is None:
        return set(range(1, (document.pages or 0) + 1))
    lines: dict[int, list[Box]] = {}
    for s in document.segments:
        if s.location.layer == "page" and s.location.bbox:
            lines.setdefault(s.location.page, []).append(s.location.bbox)
    return {page for page, box, colour in shapes if is_cover(box, colour) and any(
        box[0] < l[2] and l[0] < box[2] and box[1] < l[3] and l[1] < box[3] for l in lines.get(page, ()))}


def _grid(boxes) -> set[tuple[int, int]]:
    """Character centres on a half-point grid, for matching the loader's boxes to ours."""
    return {(round(_centre(b)[0] * 2), round(_centre(b)[1] * 2)) for b in boxes}


def _near(box: Box, grid) -> bool:
    cx, cy = round(_centre(box)[0] * 2), round(_centre(box)[1] * 2)
    return any((cx + dx, cy + dy) in grid for dx in (-1, 0, 1) for dy in (-1, 0, 1))


def _runs(segment, covered) -> list[tuple[int, int]]:
    """Maximal runs of covered characters of a segment (spaces between covered characters included)."""
    text, boxes = segment.text, segment.char_boxes or ()
    hits = [not text[i].isspace() and covered(box) for i, box in enumerate(boxes[:len(text)])]
    runs, start = [], None
    for i, hit in enumerate(hits + [False]):
        if hit and start is None:
            start = i
        elif not hit and start is not None and (i == len(hits) or not text[i].isspace()):
            end = i
            while end > start and text[end - 1].isspace():
                end -= 1
            runs.append((start, end))
            start = None
    return runs


def _union(boxes) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def fake_redactions(document: Document, hidden_chars, annotations) -> list[Finding]:
    """One FAKE_REDACTION finding per run of covered characters in a text line."""
    out = []
    for segment in document.segments:
        page = segment.location.page
        if segment.location.layer != "page" or not segment.char_boxes:
            continue
        grid = _grid(hidden_chars.get(page, ()))
        annots = annotations.get(page, ())

        def covered(box, grid=grid, annots=annots):
            """Whether a character box lies under a dark shape or a covering annotation."""
            return _near(box, grid) or any(_inside(_centre(box), a[0]) for a in annots)
        for start, end in _runs(segment, covered):
            bbox = tuple(round(v, 2) for v in _union(segment.char_boxes[start:end]))
            out.append(_fake(segment, start, end, bbox))
    return out


def _fake(segment, start: int, end: int, bbox: Box) -> Finding:
    """The finding for text still present under a box."""
    loc = Location(layer="page", page=segment.location.page, bbox=bbox)
    return Finding(rule_id="pdf.fake_redaction", category="hidden_content", entity_type="FAKE_REDACTION",
                   start=segment.offset + start, end=segment.offset + end, text=segment.text[start:end],
                   location=loc, score=1.0, severity="high", action="redact",
                   legal_basis=("《中华人民共和国政府信息公开条例》第三十七条",),
                   explanation="黑框下的文字仍保存在 PDF 中，复制粘贴即可读出：这不是有效遮盖。导出时删除文字本身。",
                   details=(("page", str(loc.page)), ("bbox", ",".join(map(str, bbox))),
                            ("message_en", "Text under a black box is still in the PDF: copy and paste reveals it. "
                                           "It is removed on export.")))


def unverifiable_pages(document: Document) -> list[Finding]:
    """Pages without a text layer (scans): they cannot be checked without OCR."""
    return [Finding(rule_id="pdf.unverifiable_page", category="hidden_content", entity_type="UNVERIFIABLE_PAGE",
                    start=0, end=0, text="", location=Location(layer="page", page=n), score=1.0, severity="medium",
                    action="review", explanation=f"第{n}页没有文字层（扫描件），无法自动审查：请人工逐字核查或先做 OCR。",
                    details=(("message_en", f"Page {n} has no text layer (a scan): it cannot be checked "
                                            "without OCR."),))
            for n in document.extra("pages_without_text") or ()]


def _final_text(document: Document) -> str:
    from review.redact.matching import compact

    return compact("".join(s.text for s in document.segments if s.location.layer == "page"))


def earlier_revisions(document: Document, data: bytes) -> list[Finding]:
    """Text present in an earlier revision kept by incremental saves but gone from the final one."""
    from pdfminer.high_level import extract_text

    from review.redact.matching import compact

    ends = [m.end() for m in re.finditer(rb"%%EOF", data)]
    if len(ends) > 1 and (document.pages or 0) > MAX_COMPARE_PAGES:
        return [_revisions_not_compared(len(ends) - 1)]
    final, out = _final_text(document), []
    for number, end in reversed(list(enumerate(ends[:-1], start=1))[-MAX_REVISIONS:]):
        try:
            text = extract_text(io.BytesIO(data[:end]))
        except Exception:  # a truncated revision may not parse (linearised files): nothing to compare (noqa: BLE001)
            continue
        lines = [(line.strip(), compact(line)) for line in text.splitlines()]
        missing = [line for line, packed in lines if len(packed) >= 2 and packed not in final]
        if missing:
            out.append(_revision_finding(number, missing))
    return out


def _revision_finding(number: int, missing: list[str]) -> Finding:
    """Lines of earlier revision `number` that the final file no longer shows."""
    return Finding(
        rule_id="pdf.previous_revision", category="hidden_content", entity_type="HIDDEN_CONTENT",
        start=0, end=0, text="\n".join(missing),
        location=Location(layer="previous_revision", field=f"revision {number}"),
        score=1.0, severity="high", action="redact",
        explanation=f"文件以增量方式保存，第{number}个历史版本中仍有最终版本已删除的文字（{len(missing)} 行），"
                    "可被恢复；导出时另存为新文件并丢弃历史版本。",
        details=(("layer", "previous_revision"), ("revision", str(number)), ("lines", str(len(missing))),
                 ("message_en", f"An earlier revision kept by incremental saves has {len(missing)} line(s) the final "
                                "version lacks; the export saves a fresh file without the history.")))


def _revisions_not_compared(count: int) -> Finding:
    """A long file saved incrementally: say so instead of extracting every earlier revision."""
    return Finding(rule_id="pdf.previous_revision", category="hidden_content", entity_type="HIDDEN_CONTENT",
                   start=0, end=0, text="", location=Location(layer="previous_revision"), score=0.5,
                   severity="medium", action="review",
                   explanation=f"文件以增量方式保存（{count} 次），历史版本可能含已删除的文字；文件过长未逐一比对。"
                               "导出时另存为新文件并丢弃历史版本。",
                   details=(("layer", "previous_revision"), ("revisions", str(count)),
                            ("message_en", f"Saved incrementally {count} time(s); earlier revisions were not compared "
                                           "(file too long). The export drops them.")))


def audit(document: Document, config) -> list[Finding]:
    """Fake redactions, scanned pages and earlier revisions of the PDF at document.path."""
    path = Path(document.path)
    out = unverifiable_pages(document)
    if not path.is_file() or document.extra("encrypted"):
        return out
    pages = _candidate_pages(document)
    hidden_chars = covered_characters(path, pages) if pages else {}
    out += fake_redactions(document, hidden_chars, annotation_covers(path))
    out += earlier_revisions(document, path.read_bytes())
    return out
