"""Export policies for .docx: comments, tracked changes, hidden and invisible text, personal metadata.

Each function edits the package in place and returns what it removed, so the
result can report it (counts only, never content).
"""
from __future__ import annotations

from review.redact.ooxml import W, Package, remove, unwrap

COMMENT_RELS = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible", "/people")
COMMENT_MARKERS = (W + "commentRangeStart", W + "commentRangeEnd")
PROPERTY_CHANGES = tuple(W + t for t in ("pPrChange", "rPrChange", "sectPrChange", "tblPrChange", "tblPrExChange",
                                         "trPrChange", "tcPrChange", "tblGridChange", "numberingChange"))
RANGE_MARKERS = tuple(W + t for t in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
                                      "moveToRangeEnd", "customXmlInsRangeStart", "customXmlInsRangeEnd",
                                      "customXmlDelRangeStart", "customXmlDelRangeEnd",
                                      "cellIns", "cellDel", "cellMerge"))
CORE_PERSONAL = ("{http://purl.org/dc/elements/1.1/}creator",
                 "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy")
APP_PERSONAL = ("Company", "Manager", "Template", "HyperlinkBase")
APP_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def word_parts(package: Package) -> list[str]:
    """The WordprocessingML parts that hold paragraphs (body, headers, footers, notes, comments...)."""
    return [n for n in package.xml_names() if n.startswith("word/") and n.endswith(".xml")
            and package.tree(n) is not None and package.tree(n).find(f".//{W}p") is not None]


def remove_comments(package: Package) -> int:
    """Delete the comment parts, their relationships and every comment anchor; the number of comments."""
    comments = package.tree("word/comments.xml")
    count = len(comments.findall(W + "comment")) if comments is not None else 0
    package.drop_relationships("word/document.xml", COMMENT_RELS)
    for name in word_parts(package):
        root = package.tree(name)
        for marker in list(root.iter(*COMMENT_MARKERS)):
            remove(marker)
        for ref in list(root.iter(W + "commentReference")):
            run = ref.getparent()
            remove(ref)
            if run.tag == W + "r" and all(c.tag == W + "rPr" for c in run):
                remove(run)
    return count


def _row_marker(marker) -> bool:
    """A w:ins/w:del inside w:trPr: the whole table row was inserted or deleted."""
    return marker.getparent() is not None and marker.getparent().tag == W + "trPr"


def _is_marker(element) -> bool:
    """A w:ins/w:del on run or row properties (a flag, not a container of content)."""
    return element.getparent() is not None and element.getparent().tag in (W + "rPr", W + "trPr")


def resolve_tracked_changes(package: Package, policy: str) -> int:
    """Accept (drop deletions, keep insertions) or reject (the reverse) every tracked change; the count."""
    drop_tag, keep_tag = (W + "del", W + "ins") if policy == "accept" else (W + "ins", W + "del")
    drop_move, keep_move = (W + "moveFrom", W + "moveTo") if policy == "accept" else (W + "moveTo", W + "moveFrom")
    count = 0
    for name in word_parts(package):
        root = package.tree(name)
        for element in list(root.iter(drop_tag, keep_tag, drop_move, keep_move, *PROPERTY_CHANGES, *RANGE_MARKERS)):
            if element.getparent() is None:
                continue  # already removed with an ancestor
            count += element.tag in (drop_tag, keep_tag, drop_move, keep_move)
            if _row_marker(element) and element.tag == drop_tag:
                remove(element.getparent().getparent())  # the w:tr
            elif _is_marker(element) or element.tag in PROPERTY_CHANGES + RANGE_MARKERS:
                remove(element)
            elif element.tag in (drop_tag, drop_move):
                remove(element)
            else:
                unwrap(element)
        if policy == "reject":
            _restore_deleted_text(root)
    return count


def _restore_deleted_text(root) -> None:
    """After rejecting, deleted text is ordinary text again: w:delText -> w:t."""
    for element in root.iter(W + "delText", W + "delInstrText"):
        element.tag = W + ("t" if element.tag == W + "delText" else "instrText")


def _props(run, styles):
    """The run's visibility properties: direct, over its character style, over the paragraph base."""
    from review.loaders.docx_text import RunProps, run_props

    paragraph = next(run.iterancestors(W + "p"), None)
    base = styles.paragraph_base(paragraph) if paragraph is not None else styles.defaults
    rpr = run.find(W + "rPr")
    rstyle = rpr.find(W + "rStyle") if rpr is not None else None
    character = styles.resolve(rstyle.get(W + "val")) if rstyle is not None else RunProps()
    return run_props(rpr).over(character.over(base))


def _shaded(run) -> bool:
    """Whether the run's paragraph or table cell has a dark fill (light text shows on it)."""
    from review.loaders.docx_text import dark_fill

    for element in run.iterancestors(W + "p", W + "tc"):
        props = element.find(W + ("pPr" if element.tag == W + "p" else "tcPr"))
        if props is not None and dark_fill(props.find(W + "shd")):
            return True
    return False


def invisible(run, props) -> bool:
    """White or near-white text on no dark background, or text of at most 2 pt (as the loader decides)."""
    from review.loaders.docx_text import TINY_HALF_POINTS, has_background, is_light

    if props.size is not None and props.size <= TINY_HALF_POINTS:
        return True
    return is_light(props.color) and not has_background(run.find(W + "rPr")) and not _shaded(run)


TEXT_CHILDREN = tuple(W + t for t in ("t", "delText", "instrText", "delInstrText", "tab", "br", "cr", "sym",
                                      "noBreakHyphen", "softHyphen"))


def _drop_run_text(run) -> bool:
    """Remove a run's text; the whole run unless it also carries structure (field characters,
    note references, drawings) that its paragraph needs. True when it held text."""
    texts = [c for c in run if c.tag in TEXT_CHILDREN]
    had_text = any((c.text or "").strip() for c in texts if c.tag in (W + "t", W + "delText"))
    if all(c.tag in TEXT_CHILDREN or c.tag == W + "rPr" for c in run):
        remove(run)
    else:
        for child in texts:
            remove(child)
    return had_text


def remove_hidden_text(package: Package) -> tuple[int, int]:
    """Delete the text of hidden (w:vanish) and invisible runs; (hidden, invisible) counts of runs with text."""
    from review.loaders.docx_text import Styles

    styles = Styles(package.tree("word/styles.xml"))
    hidden = invisible_count = 0
    for name in word_parts(package):
        for run in list(package.tree(name).iter(W + "r")):
            props = _props(run, styles)
            if props.vanish:
                hidden += _drop_run_text(run)
            elif invisible(run, props):
                invisible_count += _drop_run_text(run)
    return hidden, invisible_count


def clear_metadata(package: Package) -> list[str]:
    """Remove personal document properties; the names of what was cleared."""
    cleared = []
    for name, tags in (("docProps/core.xml", CORE_PERSONAL), ("docProps/app.xml", [APP_NS + t for t in APP_PERSONAL])):
        root = package.tree(name)
        for element in list(root.iter(*tags)) if root is not None else ():
            cleared.append(f"{name}:{element.tag.split('}')[1]}")
            remove(element)
    # A saved preview picture shows the first page as it was, redacted values included.
    cleared += [f"{t} (thumbnail)" for t in package.drop_relationships("", ("/metadata/thumbnail",))]
    if "docProps/custom.xml" in package.raw:
        package.drop_relationships("", ("/custom-properties",))
        package.drop("docProps/custom.xml")
        cleared.append("docProps/custom.xml")
    settings = package.tree("word/settings.xml")
    for element in list(settings.iter(W + "attachedTemplate")) if settings is not None else ():
        remove(element)
        cleared.append("word/settings.xml:attachedTemplate")
    package.drop_relationships("word/settings.xml", ("/attachedTemplate",), drop_targets=False)
    return cleared
