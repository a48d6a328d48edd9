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
                                      "customXmlDelRangeStart", "customXmlDelRangeEnd"))
OFF = ("0", "false", "off")
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


def _flag_on(rpr, tag: str) -> bool:
    """Whether a run-property toggle (w:vanish ...) is set."""
    flag = rpr.find(W + tag) if rpr is not None else None
    return flag is not None and flag.get(W + "val", "1").lower() not in OFF


def _near_white(colour: str | None) -> bool:
    """A hex colour with every channel at least 0xF0."""
    if not colour or len(colour) != 6 or colour.lower() == "auto":
        return False
    try:
        return all(int(colour[i:i + 2], 16) >= 0xF0 for i in (0, 2, 4))
    except ValueError:
        return False


def _shaded(run) -> bool:
    """Whether the run, its paragraph or its cell has a shading or highlight (white text may show on it)."""
    rpr = run.find(W + "rPr")
    if rpr is not None and rpr.find(W + "highlight") is not None:
        return True
    for element in (run, *run.iterancestors(W + "p", W + "tc")):
        props = element.find(W + {"r": "rPr", "p": "pPr", "tc": "tcPr"}[element.tag[len(W):]])
        shd = props.find(W + "shd") if props is not None else None
        if shd is not None and shd.get(W + "fill", "auto").lower() not in ("auto", "ffffff"):
            return True
    return False


def invisible(run) -> bool:
    """White or near-white text on no shading, or text of at most 2 pt."""
    rpr = run.find(W + "rPr")
    if rpr is None:
        return False
    colour = rpr.find(W + "color")
    size = rpr.find(W + "sz")
    tiny = size is not None and (size.get(W + "val") or "99").isdigit() and int(size.get(W + "val")) <= 4
    return tiny or (colour is not None and _near_white(colour.get(W + "val")) and not _shaded(run))


def remove_hidden_text(package: Package) -> tuple[int, int]:
    """Delete runs of hidden (w:vanish) and invisible text; (hidden, invisible) run counts."""
    hidden = invisible_count = 0
    for name in word_parts(package):
        for run in list(package.tree(name).iter(W + "r")):
            rpr = run.find(W + "rPr")
            if _flag_on(rpr, "vanish") or _flag_on(rpr, "specVanish"):
                remove(run)
                hidden += 1
            elif invisible(run) and run.find(f".//{W}t") is not None:
                remove(run)
                invisible_count += 1
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
