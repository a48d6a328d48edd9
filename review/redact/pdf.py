"""PDF: the redacted text is removed from the content streams, then black boxes are painted.

For each page with something to redact, the glyphs whose box centre falls in a
redaction box are taken out of their text-showing operators (replaced by the
equivalent TJ displacement, so the rest of the line keeps its place and stays
selectable), and filled black rectangles are drawn over the boxes. A page whose
glyphs cannot be mapped to its content stream (text in form XObjects, codes a
CMap cannot split, a parser disagreement) is rasterised instead, with the
boxes burnt into the image, and listed in RedactionResult.rasterised_pages.
Metadata (Info, XMP), annotations, attachments and the incremental-update
history are always dropped: the output is a fresh file.
"""
from __future__ import annotations

from pathlib import Path

import pikepdf

from review.redact.pdf_glyphs import SHOW_OPERATORS, page_glyphs
from review.redact.text import target_index

PAD = 0.5  # points added around a redaction box so anti-aliased glyph edges are covered too
RASTER_DPI = 150


def _union(boxes):
    """The smallest box holding all boxes."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def redaction_boxes(document, targets) -> dict[int, list[tuple]]:
    """page -> boxes (pdfminer coordinates) covering every occurrence of every target value."""
    pages: dict[int, list[tuple]] = {}
    index = target_index(targets)
    for segment in document.segments:
        loc = segment.location
        if loc.page is None or not segment.char_boxes:
            continue
        for start, end, _ in index.spans(segment.text):
            boxes = [b for b in segment.char_boxes[start:end] if b[2] > b[0]]
            if boxes:
                pages.setdefault(loc.page, []).append(_union(boxes))
    for target in targets:  # a fake redaction names the covered area itself
        loc = target.location
        if target.entity_type == "FAKE_REDACTION" and loc.bbox and loc.page:
            pages.setdefault(loc.page, []).append(tuple(loc.bbox))
    return pages


def _inside(bbox, boxes) -> bool:
    """Whether a glyph's centre lies in any redaction box."""
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return any(b[0] - PAD <= cx <= b[2] + PAD and b[1] - PAD <= cy <= b[3] + PAD for b in boxes)


def _rebuild_array(items, removed: dict) -> pikepdf.Array:
    """A TJ array with the removed glyph codes replaced by their displacement.

    `removed` maps a string's index in the array to [(start, end, advance)] byte ranges.
    """
    out = []
    for e, item in enumerate(items):
        if not isinstance(item, pikepdf.String) or e not in removed:
            out.append(item)
            continue
        data, pos = bytes(item), 0
        for start, end, advance in sorted(removed[e]):
            if data[pos:start]:
                out.append(pikepdf.String(data[pos:start]))
            if out and isinstance(out[-1], float):  # merge neighbouring displacements
                out[-1] = round(out[-1] + advance, 3)
            else:
                out.append(round(float(advance), 3))
            pos = end
        if data[pos:]:
            out.append(pikepdf.String(data[pos:]))
    return pikepdf.Array(out)


def _operands_as_array(instr):
    """The strings and numbers a text-showing instruction draws, as TJ array items."""
    op = str(instr.operator)
    if op == "TJ":
        return list(instr.operands[0])
    return [instr.operands[-1]]


def _rewrite(instr, removed: dict) -> list:
    """The instructions replacing one text-showing instruction whose glyphs were partly removed."""
    array = _rebuild_array(_operands_as_array(instr), removed)
    op, show = str(instr.operator), pikepdf.ContentStreamInstruction([array], pikepdf.Operator("TJ"))
    if op == "'":
        return [pikepdf.ContentStreamInstruction([], pikepdf.Operator("T*")), show]
    if op == '"':
        aw, ac = instr.operands[0], instr.operands[1]
        return [pikepdf.ContentStreamInstruction([aw], pikepdf.Operator("Tw")),
                pikepdf.ContentStreamInstruction([ac], pikepdf.Operator("Tc")),
                pikepdf.ContentStreamInstruction([], pikepdf.Operator("T*")), show]
    return [show]


def _removals(glyphs, boxes) -> dict[int, dict] | None:
    """operator index -> {string index: [(start, end, advance)]}; None when a glyph to remove is unmappable."""
    plan: dict[int, dict] = {}
    for g in glyphs:
        if not _inside(g.bbox, boxes):
            continue
        if g.op is None:
            return None
        plan.setdefault(g.op, {}).setdefault(g.element, []).append((g.start, g.end, g.advance))
    return plan


def _invert(m):
    """The inverse of a PDF matrix (a b c d e f)."""
    a, b, c, d, e, f = m
    det = a * d - b * c
    return (d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det)


def _boxes_stream(boxes, ctm) -> bytes:
    """Content that paints filled black boxes given in pdfminer coordinates."""
    inv = " ".join(f"{v:.6f}" for v in _invert(ctm))
    rects = "\n".join(f"{b[0] - PAD:.2f} {b[1] - PAD:.2f} {b[2] - b[0] + 2 * PAD:.2f} {b[3] - b[1] + 2 * PAD:.2f} re"
                      for b in boxes)
    return f"\nq {inv} cm 0 0 0 rg\n{rects}\nf Q\n".encode("ascii")


def rewrite_page(pdf, page, info, boxes) -> bool:
    """Remove the glyphs under the boxes from the page's content stream and paint the boxes."""
    plan = _removals(info.glyphs, boxes)
    instructions = pikepdf.parse_content_stream(page)
    shows = {i: n for n, i in enumerate(i for i, ins in enumerate(instructions)
                                        if isinstance(ins, pikepdf.ContentStreamInstruction)
                                        and str(ins.operator) in SHOW_OPERATORS)}
    if plan is None or info.ctm is None or len(shows) != info.operators:
        return False
    out = []
    for index, ins in enumerate(instructions):
        op_number = shows.get(index)
        out.extend(_rewrite(ins, plan[op_number]) if op_number in plan else [ins])
    content = b"q\n" + pikepdf.unparse_content_stream(out) + b"\nQ" + _boxes_stream(boxes, info.ctm)
    page.obj.Contents = pdf.make_stream(content)
    return True


def rasterise_page(pdf, page_index: int, src: Path, boxes) -> None:
    """Replace a page by an image of it, with the boxes burnt in (no text remains on it)."""
    import zlib

    import pypdfium2
    from PIL import ImageDraw

    scale = RASTER_DPI / 72.0
    document = pypdfium2.PdfDocument(str(src))
    image = document[page_index].render(scale=scale, draw_annots=False).to_pil().convert("RGB")
    document.close()
    draw = ImageDraw.Draw(image)
    width, height = image.size[0] / scale, image.size[1] / scale
    for b in boxes:  # pdfminer coordinates are those of the displayed page, origin bottom-left
        draw.rectangle([(b[0] - PAD) * scale, (height - b[3] - PAD) * scale,
                        (b[2] + PAD) * scale, (height - b[1] + PAD) * scale], fill="black")
    xobject = pikepdf.Stream(pdf, zlib.compress(image.tobytes()), Type=pikepdf.Name.XObject,
                             Subtype=pikepdf.Name.Image, Width=image.size[0], Height=image.size[1],
                             ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8, Filter=pikepdf.Name.FlateDecode)
    page = pdf.pages[page_index].obj
    for key in ("/Rotate", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
        if key in page:
            del page[key]
    page.MediaBox = pikepdf.Array([0, 0, width, height])
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=xobject))
    page.Contents = pdf.make_stream(f"q {width:.3f} 0 0 {height:.3f} 0 0 cm /Im0 Do Q".encode("ascii"))


def strip_hidden(pdf) -> list[str]:
    """Drop metadata, annotations, attachments and scripts; what was removed (names only)."""
    removed = []
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
        removed.append("document information (Info)")
    root = pdf.Root
    # Names holds embedded files (and scripts), AF associated files, Outlines bookmark titles
    # (which may quote redacted text), StructTreeRoot alternate texts.
    for key in ("/Metadata", "/Names", "/AF", "/Collection", "/Outlines", "/OpenAction", "/AA", "/AcroForm",
                "/PieceInfo", "/StructTreeRoot", "/SpiderInfo"):
        if key in root:
            del root[key]
            removed.append(key[1:])
    for page in pdf.pages:
        for key in ("/Annots", "/Metadata", "/PieceInfo", "/AA", "/AF", "/Thumb"):  # Thumb: a picture of the page
            if key in page.obj:
                del page.obj[key]
                removed.append(f"page {key[1:]}")
    return sorted(set(removed))


def write(src: Path, out: Path, document, targets, options):
    """Write a PDF with the redacted text removed (or its pages rasterised) and hidden layers dropped."""
    from review.redact import RedactionResult

    boxes = redaction_boxes(document, targets)
    glyphs = page_glyphs(src, boxes)
    rasterised = []
    with pikepdf.open(src) as pdf:
        for number, page_boxes in sorted(boxes.items()):
            info = glyphs.get(number)
            if info is None or not rewrite_page(pdf, pdf.pages[number - 1], info, page_boxes):
                rasterise_page(pdf, number - 1, src, page_boxes)
                rasterised.append(number)
        removed = strip_hidden(pdf)
        # A fresh save: no incremental-update history, no unreferenced objects.
        pdf.save(out, fix_metadata_version=False, deterministic_id=True)
    notes = [f"removed: {', '.join(removed)}"] if removed else []
    if rasterised:
        notes.append(f"page(s) {', '.join(map(str, rasterised))} rasterised: their text could not be edited in place")
    count = sum(len(v) for v in boxes.values())
    return RedactionResult(out, count, tuple(rasterised), tuple(notes))
