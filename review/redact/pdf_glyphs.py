"""Where every glyph of a PDF page comes from: pdfminer draws the page and we note, for each
character box, which text-showing operator of the page's content stream drew it.

Text-showing operators (Tj, TJ, ', ") are numbered in the order they occur at the
top level of the page content; pikepdf.parse_content_stream sees the same order,
so glyph k of operator n can be removed from the stream pikepdf rewrites.
Each glyph keeps the byte range of its code inside the string operand, found by
walking the font's CMap the way pdfminer decodes (Identity, predefined CJK CMaps
such as UniGB-UCS2-H, embedded CMaps, one byte for simple fonts). Glyphs drawn
inside form XObjects, or whose codes cannot be split, are marked unmappable:
such a page is rasterised instead.
"""
from __future__ import annotations

from dataclasses import dataclass

from pdfminer.cmapdb import CMap, IdentityCMap, IdentityCMapByte
from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

SHOW_OPERATORS = ("Tj", "TJ", "'", '"')


@dataclass(frozen=True)
class Glyph:
    """One drawn character: its box, the operator and string that drew it, its bytes, its advance."""

    op: int | None            # index among the page's top-level text-showing operators; None: unmappable
    element: int              # index of the string inside the operator's TJ array
    start: int                # byte range of the glyph's code inside that string
    end: int
    bbox: tuple[float, float, float, float]
    advance: float            # the TJ adjustment (thousandths of text space) that replaces the glyph


def code_ranges(font, data: bytes) -> list[tuple[int, int]] | None:
    """The byte range of each glyph code in a string operand, as pdfminer's decode splits it."""
    if not font.is_multibyte():
        return [(i, i + 1) for i in range(len(data))]
    cmap = getattr(font, "cmap", None)
    if isinstance(cmap, IdentityCMapByte):
        return [(i, i + 1) for i in range(len(data))]
    if isinstance(cmap, IdentityCMap):
        return [(i, i + 2) for i in range(0, len(data) - 1, 2)]
    if isinstance(cmap, CMap) and isinstance(cmap.code2cid, dict):
        return _walk_cmap(cmap.code2cid, data)
    return None


def _walk_cmap(code2cid: dict, data: bytes) -> list[tuple[int, int]]:
    """Byte ranges of the codes a CMap's nested code table finds (unmapped bytes are skipped, as pdfminer does)."""
    ranges, table, start = [], code2cid, 0
    for i, byte in enumerate(data):
        entry = table.get(byte)
        if isinstance(entry, int):
            ranges.append((start, i + 1))
            table, start = code2cid, i + 1
        elif isinstance(entry, dict):
            table = entry
        else:
            table, start = code2cid, i + 1
    return ranges


def glyph_advance(font, cid: int, textstate) -> float | None:
    """The TJ number that moves the pen as far as this glyph did (PDF 32000 9.4.4)."""
    size = textstate.fontsize
    if not size:
        return None
    spacing = textstate.charspace + (textstate.wordspace if cid == 32 and not font.is_multibyte() else 0)
    return -(font.char_width(cid) * size + spacing) * 1000.0 / size


class _Recorder(PDFLayoutAnalyzer):
    """A layout device that notes the origin of every character box it makes."""

    def __init__(self, rsrcmgr):
        super().__init__(rsrcmgr, pageno=1, laparams=None)
        self.glyphs: list[Glyph] = []
        self.current: int | None = None
        self.depth = 0
        self.page_ctm = None
        self.operators = 0

    def begin_page(self, page, ctm):
        """Keep the page's initial matrix (to paint boxes in the same coordinates)."""
        super().begin_page(page, ctm)
        self.page_ctm = ctm

    def begin_figure(self, name, bbox, matrix):
        """Entering a form XObject or an image: glyphs in it cannot be edited in the page stream."""
        super().begin_figure(name, bbox, matrix)
        self.depth += 1

    def end_figure(self, name):
        """Leaving a figure."""
        super().end_figure(name)
        self.depth -= 1

    def render_string(self, textstate, seq, ncs, graphicstate):
        """Draw as pdfminer does, then note the origin of each new character box."""
        before = len(self.cur_item._objs)
        super().render_string(textstate, seq, ncs, graphicstate)
        drawn = [o for o in self.cur_item._objs[before:] if hasattr(o, "get_text")]
        font, op = textstate.font, (self.current if self.depth == 0 else None)
        origins = []
        for element, obj in enumerate(seq):
            if isinstance(obj, bytes):
                cids, ranges = list(font.decode(obj)), code_ranges(font, obj)
                if ranges is None or len(ranges) != len(cids):
                    op, ranges = None, [(0, 0)] * len(cids)  # cannot split: the page will be rasterised
                origins += [(element, r, cid) for r, cid in zip(ranges, cids)]
        if len(origins) != len(drawn) or font.is_vertical():
            op = None  # cannot pair boxes with glyphs: the page will be rasterised if it must be touched
        for (element, (start, end), cid), char in zip(origins, drawn):
            advance = glyph_advance(font, cid, textstate)
            mapped = op if advance is not None else None
            self.glyphs.append(Glyph(mapped, element, start, end, char.bbox, advance or 0.0))


class _Interpreter(PDFPageInterpreter):
    """Numbers the top-level text-showing operators as pdfminer executes them."""

    def do_TJ(self, seq):
        """Tj, ', " and TJ all end here: number the operator, then draw."""
        device = self.device
        if device.depth == 0:
            device.current = device.operators
            device.operators += 1
        super().do_TJ(seq)


@dataclass(frozen=True)
class PageGlyphs:
    """The glyphs of one page, the page's initial transformation and its operator count."""

    glyphs: tuple[Glyph, ...]
    ctm: tuple
    operators: int


def page_glyphs(path, page_numbers) -> dict[int, PageGlyphs]:
    """Glyph origins for the given 1-based page numbers of the PDF at `path`."""
    wanted, out = set(page_numbers), {}
    rsrcmgr = PDFResourceManager()
    with open(path, "rb") as handle:
        for number, page in enumerate(PDFPage.get_pages(handle), start=1):
            if number not in wanted:
                continue
            device = _Recorder(rsrcmgr)
            try:
                _Interpreter(rsrcmgr, device).process_page(page)
            except Exception:  # a page pdfminer cannot draw is rasterised, not edited (noqa: BLE001)
                out[number] = PageGlyphs((), None, -1)
                continue
            out[number] = PageGlyphs(tuple(device.glyphs), device.page_ctm, device.operators)
    return out
