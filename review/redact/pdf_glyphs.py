"""Where every glyph of a PDF page comes from: pdfminer draws the page and we note, for each
character box, which text-showing operator of the page's content stream drew it.

Text-showing operators (Tj, TJ, ', ") are numbered in the order they occur at the
top level of the page content; pikepdf.parse_content_stream sees the same order,
so glyph k of operator n can be removed from the stream pikepdf rewrites.
Glyphs drawn inside form XObjects, or in fonts whose byte encoding we cannot
split (CMaps other than Identity), are marked unmappable: such a page is
rasterised instead.
"""
from __future__ import annotations

from dataclasses import dataclass

from pdfminer.cmapdb import IdentityCMap, IdentityCMapByte
from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

SHOW_OPERATORS = ("Tj", "TJ", "'", '"')


@dataclass(frozen=True)
class Glyph:
    """One drawn character: its box, the operator and element that drew it, and its advance."""

    op: int | None            # index among the page's top-level text-showing operators; None: unmappable
    element: int              # index of the string inside the operator's TJ array
    index: int                # index of the glyph inside that string
    width: int                # bytes per glyph in that string (1 or 2)
    bbox: tuple[float, float, float, float]
    advance: float            # the TJ adjustment (thousandths of text space) that replaces the glyph


def bytes_per_glyph(font) -> int | None:
    """1 or 2 for encodings we can split by byte count; None otherwise."""
    if not font.is_multibyte():
        return 1
    cmap = getattr(font, "cmap", None)
    if isinstance(cmap, IdentityCMapByte):
        return 1
    if isinstance(cmap, IdentityCMap):
        return 2
    return None


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
        super().begin_page(page, ctm)
        self.page_ctm = ctm

    def begin_figure(self, name, bbox, matrix):
        super().begin_figure(name, bbox, matrix)
        self.depth += 1

    def end_figure(self, name):
        super().end_figure(name)
        self.depth -= 1

    def render_string(self, textstate, seq, ncs, graphicstate):
        before = len(self.cur_item._objs)
        super().render_string(textstate, seq, ncs, graphicstate)
        drawn = [o for o in self.cur_item._objs[before:] if hasattr(o, "get_text")]
        font, op = textstate.font, (self.current if self.depth == 0 else None)
        width = bytes_per_glyph(font)
        origins = [(e, i, cid) for e, obj in enumerate(seq) if isinstance(obj, bytes)
                   for i, cid in enumerate(font.decode(obj))]
        if len(origins) != len(drawn) or textstate.font.is_vertical():
            op = None  # cannot pair boxes with glyphs: the page will be rasterised if it must be touched
        for (element, index, cid), char in zip(origins, drawn):
            advance = glyph_advance(font, cid, textstate)
            ok = op is not None and width is not None and advance is not None
            self.glyphs.append(Glyph(op if ok else None, element, index, width or 1, char.bbox, advance or 0.0))


class _Interpreter(PDFPageInterpreter):
    """Numbers the top-level text-showing operators as pdfminer executes them."""

    def do_TJ(self, seq):
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
            _Interpreter(rsrcmgr, device).process_page(page)
            out[number] = PageGlyphs(tuple(device.glyphs), device.page_ctm, device.operators)
    return out
