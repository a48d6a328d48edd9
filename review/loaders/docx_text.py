"""The text of one Word paragraph, split into what a reader sees and what is hidden.

`paragraph_text(p, styles)` walks the runs of one w:p in document order and sorts
every piece of text into a layer: visible, tracked_deletion (w:del / w:moveFrom),
hidden_text (w:vanish, direct or through a style), invisible_text (white or
near-white font on a light background, or a font of 2 pt or less). Tracked
insertions (w:ins / w:moveTo) stay in the visible text, as Word shows them, and
are also reported on their own. Text boxes nested in the paragraph are skipped
here: the part walker reads them as paragraphs of their own.

The redactor can call the same function to find where a segment's text sits.
"""
from __future__ import annotations

from dataclasses import dataclass, field

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
VML = "{urn:schemas-microsoft-com:vml}"

# Markup-compatibility namespaces whose mc:Choice content we can read (drawing shapes, Word 2010+ markup).
UNDERSTOOD = frozenset({
    "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "http://schemas.microsoft.com/office/word/2010/wordml",
    "http://schemas.microsoft.com/office/word/2012/wordml",
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://schemas.microsoft.com/office/drawing/2010/main",
})
FALSE_VALUES = ("0", "false", "off", "none")
LIGHT = 0xF0  # every channel at least this: "near-white" (invisible on a white page)
TINY_HALF_POINTS = 4  # w:sz is in half-points: 4 = 2 pt
# Run children and containers that hold no text of this paragraph.
SKIP = frozenset({W + "rPr", W + "pPr", W + "sdtPr", W + "txbxContent", W + "instrText", W + "delInstrText",
                  W + "drawing", W + "pict", W + "object", W + "fldChar", W + "p", W + "tbl"})
TEXT_TAGS = {W + "t": None, W + "delText": "tracked_deletion", M + "t": None}
SIMPLE = {W + "tab": "\t", W + "ptab": "\t", W + "br": " ", W + "cr": " ", W + "noBreakHyphen": "-",
          W + "softHyphen": ""}


@dataclass(frozen=True)
class RunProps:
    """The run properties that decide visibility; None means 'not set here'."""

    vanish: bool | None = None
    color: str | None = None
    size: int | None = None

    def over(self, base: "RunProps") -> "RunProps":
        """These properties laid over `base` (set values win)."""
        return RunProps(base.vanish if self.vanish is None else self.vanish,
                        base.color if self.color is None else self.color,
                        base.size if self.size is None else self.size)


def on_off(element) -> bool | None:
    """The value of an on/off property element (absent: None)."""
    if element is None:
        return None
    return element.get(W + "val", "true").lower() not in FALSE_VALUES


def run_props(rpr) -> RunProps:
    """Visibility-related properties set directly in one w:rPr."""
    if rpr is None:
        return RunProps()
    color, size = rpr.find(W + "color"), rpr.find(W + "sz")
    try:
        size_value = int(size.get(W + "val")) if size is not None else None
    except (TypeError, ValueError):
        size_value = None
    return RunProps(on_off(rpr.find(W + "vanish")),
                    color.get(W + "val") if color is not None else None, size_value)


def is_light(value: str | None) -> bool:
    """True for a hex colour whose every channel is near white ('auto' and unset are not light)."""
    if not value or len(value) != 6:
        return False
    try:
        return all(int(value[i:i + 2], 16) >= LIGHT for i in (0, 2, 4))
    except ValueError:
        return False


def has_background(rpr) -> bool:
    """True when a run is highlighted or shaded with a colour that is not (near) white."""
    if rpr is None:
        return False
    highlight, shading = rpr.find(W + "highlight"), rpr.find(W + "shd")
    if highlight is not None and highlight.get(W + "val", "none") not in ("none", "white"):
        return True
    return dark_fill(shading)


def dark_fill(shading) -> bool:
    """True for a w:shd whose fill is a colour that is not (near) white."""
    if shading is None:
        return False
    fill = shading.get(W + "fill", "auto")
    return fill.lower() != "auto" and not is_light(fill)


class Styles:
    """Resolves style inheritance (docDefaults, basedOn chains) for visibility properties."""

    def __init__(self, root=None):
        self.defaults = RunProps()
        self.raw: dict[str, tuple[str | None, RunProps]] = {}
        self.default_paragraph: str | None = None
        self.cache: dict[str, RunProps] = {}
        # Table styles that shade some cells dark (a header row with white text is then visible).
        self.dark_tables: set[str] = set()
        if root is not None:
            self._read(root)

    def _read(self, root) -> None:
        """Index the styles part."""
        self.defaults = run_props(root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"))
        for style in root.iter(W + "style"):
            style_id = style.get(W + "styleId")
            if not style_id:
                continue
            based = style.find(W + "basedOn")
            self.raw[style_id] = (based.get(W + "val") if based is not None else None,
                                  run_props(style.find(W + "rPr")))
            if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true", "on"):
                self.default_paragraph = style_id
            if style.get(W + "type") == "table" and any(dark_fill(shd) for shd in style.iter(W + "shd")):
                self.dark_tables.add(style_id)

    def resolve(self, style_id: str | None) -> RunProps:
        """The properties a style sets, following basedOn (loops and depth bounded)."""
        if not style_id:
            return RunProps()
        if style_id not in self.cache:
            chain, current = [], style_id
            while current in self.raw and current not in chain and len(chain) < 32:
                chain.append(current)
                current = self.raw[current][0]
            props = RunProps()
            for sid in reversed(chain):
                props = self.raw[sid][1].over(props)
            self.cache[style_id] = props
        return self.cache[style_id]

    def paragraph_base(self, p) -> RunProps:
        """Defaults plus the paragraph style: the base every run of `p` starts from."""
        ppr = p.find(W + "pPr")
        pstyle = ppr.find(W + "pStyle") if ppr is not None else None
        style_id = pstyle.get(W + "val") if pstyle is not None else self.default_paragraph
        return self.resolve(style_id).over(self.defaults)


def choose(alternate):
    """The branch of an mc:AlternateContent to read: the first Choice we understand, else Fallback."""
    for choice in alternate.iterchildren(MC + "Choice"):
        prefixes = choice.get("Requires", "").split()
        nsmap = choice.nsmap
        if prefixes and all(nsmap.get(p) in UNDERSTOOD for p in prefixes):
            return choice
    fallback = alternate.find(MC + "Fallback")
    return fallback if fallback is not None else ()


@dataclass
class ParagraphText:
    """What one paragraph holds: visible text and hidden chunks (layer, text, author)."""

    visible: str = ""
    hidden: list = field(default_factory=list)


@dataclass
class _State:
    """Where the walker stands: inside a deletion or insertion, and by whom."""

    change: str | None = None  # "tracked_deletion" | "tracked_insertion" | None
    author: str | None = None


class _Collector:
    """Accumulates classified text, merging neighbours of the same layer and author."""

    def __init__(self):
        self.visible: list[str] = []
        self.chunks: list[list] = []  # [layer, [texts], author]
        self.insertion: list | None = None  # the open insertion chunk, if the last text was inserted

    def add(self, layer: str, text: str, author: str | None, inserted: bool) -> None:
        """Record one piece of text in its layer (and as an insertion when inserted)."""
        if layer == "visible":
            self.visible.append(text)
        elif self.chunks and self.chunks[-1][0] == layer and self.chunks[-1][2] == author:
            self.chunks[-1][1].append(text)
        else:
            self.chunks.append([layer, [text], author])
        if inserted:
            if self.insertion is not None and self.insertion[2] == author:
                self.insertion[1].append(text)
            else:
                self.insertion = ["tracked_insertion", [text], author]
                self.chunks.append(self.insertion)
        elif text:
            self.insertion = None

    def result(self) -> ParagraphText:
        """The paragraph's visible text and hidden chunks (empty chunks dropped)."""
        hidden = [(layer, "".join(texts), author) for layer, texts, author in self.chunks]
        return ParagraphText("".join(self.visible), [h for h in hidden if h[1].strip()])


def paragraph_text(p, styles: Styles, shaded: bool = False) -> ParagraphText:
    """Visible text and hidden chunks of one w:p; `shaded` when the cell or paragraph has a dark fill."""
    ppr = p.find(W + "pPr")
    shaded = shaded or (ppr is not None and dark_fill(ppr.find(W + "shd")))
    collector = _Collector()
    _walk(p, _State(), styles.paragraph_base(p), styles, shaded, collector)
    return collector.result()


def _walk(element, state: _State, base: RunProps, styles: Styles, shaded: bool, out: _Collector) -> None:
    """Visit the paragraph-level children of `element` (runs, hyperlinks, changes, fields...)."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        if tag == W + "r" or tag == M + "r":
            _run(child, state, base, styles, shaded, out)
        elif tag in (W + "del", W + "moveFrom"):
            _walk(child, _State("tracked_deletion", child.get(W + "author")), base, styles, shaded, out)
        elif tag in (W + "ins", W + "moveTo"):
            inner = state if state.change == "tracked_deletion" else _State("tracked_insertion", child.get(W + "author"))
            _walk(child, inner, base, styles, shaded, out)
        elif tag == MC + "AlternateContent":
            _walk(choose(child), state, base, styles, shaded, out)
        else:  # hyperlink, smartTag, sdt/sdtContent, fldSimple, customXml, math containers
            _walk(child, state, base, styles, shaded, out)


def _run(r, state: _State, base: RunProps, styles: Styles, shaded: bool, out: _Collector) -> None:
    """Classify one run and add its text."""
    rpr = r.find(W + "rPr")
    props = _effective(rpr, base, styles)
    if state.change == "tracked_deletion":
        layer = "tracked_deletion"
    elif props.vanish:
        layer = "hidden_text"
    elif (props.size is not None and props.size <= TINY_HALF_POINTS) or \
            (is_light(props.color) and not shaded and not has_background(rpr)):
        layer = "invisible_text"
    else:
        layer = "visible"
    inserted = state.change == "tracked_insertion"
    for text, forced in _run_texts(r):
        out.add(forced or layer, text, state.author, inserted and forced is None)


def _effective(rpr, base: RunProps, styles: Styles) -> RunProps:
    """Direct properties over the character style over the paragraph base."""
    if rpr is None:
        return base
    rstyle = rpr.find(W + "rStyle")
    char = styles.resolve(rstyle.get(W + "val")) if rstyle is not None else RunProps()
    return run_props(rpr).over(char.over(base))


def _run_texts(r):
    """(text, forced layer) pieces of one run in order; forced is set for w:delText."""
    for child in r:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        if tag in TEXT_TAGS:
            if child.text:
                yield child.text, TEXT_TAGS[tag]
        elif tag in SIMPLE:
            yield SIMPLE[tag], None
        elif tag == W + "sym":
            yield _symbol(child), None
        elif tag == MC + "AlternateContent":
            yield from _run_texts(choose(child))


def _symbol(sym) -> str:
    """The character of a w:sym (symbol fonts map F0xx to ASCII xx)."""
    try:
        code = int(sym.get(W + "char", ""), 16)
    except ValueError:
        return ""
    if 0xF020 <= code <= 0xF0FF:
        code -= 0xF000
    return chr(code) if 0 < code < 0x110000 else ""


def drawings(element):
    """Text boxes (w:txbxContent) and WordArt (v:textpath) inside a paragraph, one copy of each.

    mc:AlternateContent holds the same shape twice (DrawingML and VML): only the
    chosen branch is read. Nested paragraphs and boxes are left to their own walk.
    """
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in (W + "txbxContent", VML + "textpath"):
            yield child
        elif tag == MC + "AlternateContent":
            yield from drawings(choose(child))
        elif tag not in (W + "rPr", W + "pPr", W + "p", W + "tbl"):
            yield from drawings(child)


def wordart_text(textpath) -> str:
    """The text of a VML WordArt shape (the usual Word watermark)."""
    return " ".join((textpath.get("string") or "").split())
