"""Hidden-content audit: what a reader of the published file does not see but anyone can recover.

One finding (category hidden_content) per hidden group: a comment, a tracked
deletion or insertion, a run of hidden or invisible text, a personal document
property, a PDF annotation or attachment, an earlier PDF revision, a hidden
sheet / row / column, a cell comment; text boxes and embedded objects get a
"check them" finding. PDFs are also checked for fake redaction (pdfaudit).

Personal data inside a hidden layer is already reported as what it is by the
detection engine (it runs over every segment); this audit adds the hidden-content
finding beside it and never touches the engine's findings.
"""
from __future__ import annotations

import re

from review.model import Document, Finding, Location, Segment

# layer -> (action, severity, zh explanation, en explanation). "redact": removed by `review redact` on export.
LAYERS = {
    "comment": ("redact", "medium", "批注（含作者姓名）随文件一并发布，可被任何人查看；导出时删除全部批注。",
                "Comments and their authors' names are published with the file; all comments are removed on export."),
    "tracked_deletion": ("redact", "high", "修订记录中已删除的文字仍保存在文件中，可被恢复；导出时接受修订并删除。",
                         "Text deleted with track changes on is still in the file; removed on export "
                         "(changes accepted)."),
    "tracked_insertion": ("review", "low", "修订插入的文字及修订人姓名保存在文件中；导出时接受修订，请确认插入内容可公开。",
                          "Inserted text and the reviser's name are kept in the file; the insertion stays on export: "
                          "check it may be published."),
    "hidden_text": ("redact", "high", "隐藏文字（w:vanish）不显示但可被复制和检索；导出时删除。",
                    "Hidden text (w:vanish) does not show but can be copied and searched; removed on export."),
    "invisible_text": ("redact", "high", "白色或极小字号的文字肉眼不可见但可被复制和检索；导出时删除。",
                       "White or tiny text cannot be seen but can be copied and searched; removed on export."),
    "metadata": ("redact", "low", "文档属性记录了作者、单位或模板路径等信息；导出时清除。",
                 "Document properties record an author, an organisation or a template path; cleared on export."),
    "annotation": ("redact", "medium", "PDF 注释（含作者）随文件发布；导出时删除全部注释。",
                   "PDF annotations and their authors are published with the file; removed on export."),
    "attachment": ("redact", "high", "PDF 内嵌附件未经审查；导出时删除全部附件，如需公开请单独审查。",
                   "Files embedded in the PDF are not reviewed; removed on export (review them separately)."),
    "hidden_sheet": ("redact", "high", "隐藏工作表的内容仍在文件中；导出时删除隐藏工作表。",
                     "A hidden sheet's content is still in the file; hidden sheets are deleted on export."),
    "hidden_row": ("redact", "medium", "隐藏行的内容仍在文件中；导出时清空隐藏行。",
                   "Hidden rows are still in the file; their cells are emptied on export."),
    "hidden_column": ("redact", "medium", "隐藏列的内容仍在文件中；导出时清空隐藏列。",
                      "Hidden columns are still in the file; their cells are emptied on export."),
    "cell_comment": ("redact", "medium", "单元格批注随文件发布；导出时删除。",
                     "Cell comments are published with the file; removed on export."),
}
# Document properties that name a person, an organisation or a path on someone's computer.
PERSONAL_FIELDS = re.compile(r"^(core\.(creator|last_modified_by)|app\.(company|manager|hyperlink_base)|custom\..*"
                             r"|info\.(Author|Creator|Producer)|xmp\..*)$")
TEMPLATE_FIELD = "app.template"
DEFAULT_TEMPLATES = frozenset({"normal.dotm", "normal.dot", "normal", "normal.wpt"})
# rules/legal_basis.yaml ogi_art37 (partial disclosure: remove what may not be published).
PARTIAL_DISCLOSURE = "《中华人民共和国政府信息公开条例》第三十七条"
PLACEHOLDERS = frozenset({"anonymous", "unspecified", "untitled", "unknown", "user", "none"})


def _finding(rule: str, entity: str, segments, home_layer: str, action: str, severity: str, explanation: str,
             **details) -> Finding:
    """A hidden-content finding spanning a group of segments (or none: a document-level fact)."""
    first, last = (segments[0], segments[-1]) if segments else (None, None)
    text = "\n".join(s.text for s in segments) if segments else details.pop("text", "")
    location = details.pop("location", None) or (first.location if first else Location(layer=home_layer))
    return Finding(rule_id=rule, category="hidden_content", entity_type=entity,
                   start=first.offset if first else 0, end=last.end if last else 0, text=text,
                   location=location, score=1.0, severity=severity, action=action,
                   legal_basis=(PARTIAL_DISCLOSURE,), explanation=explanation,
                   details=tuple((k, str(v)) for k, v in details.items()))


def comment_numbers(path: str) -> dict[int, int]:
    """word/comments.xml paragraph node -> index of the comment holding it (empty if unreadable)."""
    import zipfile

    from lxml import etree

    from review.redact.ooxml import PARSER, W

    try:
        with zipfile.ZipFile(path) as archive:
            root = etree.fromstring(archive.read("word/comments.xml"), PARSER)
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return {}
    nodes = {p: i for i, p in enumerate(root.iter(W + "p"))}
    return {nodes[p]: n for n, comment in enumerate(root.iter(W + "comment")) for p in comment.iter(W + "p")}


def _group_key(segment: Segment, comments: dict[int, int]):
    """Segments of one hidden group share this key (one comment, one hidden sheet, one row...)."""
    loc = segment.location
    if loc.layer == "comment":
        return (loc.layer, loc.part, loc.author, comments.get(loc.node, ("node", loc.node)))
    if loc.layer == "metadata" and (loc.field or "").startswith("custom."):
        return (loc.layer, "custom")  # custom properties: one finding for the part
    if loc.layer == "hidden_sheet":
        return (loc.layer, loc.sheet)
    if loc.layer == "hidden_row":
        return (loc.layer, loc.sheet, loc.row)
    if loc.layer == "hidden_column":
        return (loc.layer, loc.sheet, loc.column)
    return (loc.layer, id(segment))


def _metadata_wanted(segment: Segment) -> bool:
    """Whether a property names a person, company or path (and is not a tool's placeholder)."""
    field, value = segment.location.field or "", segment.text.strip()
    if value.casefold() in PLACEHOLDERS:
        return False
    if field == TEMPLATE_FIELD:
        return value.casefold() not in DEFAULT_TEMPLATES
    return bool(PERSONAL_FIELDS.match(field))


def layer_findings(document: Document) -> list[Finding]:
    """One finding per hidden group of segments, in document order."""
    groups: dict[tuple, list[Segment]] = {}
    has_comments = document.format == "docx" and any(s.location.layer == "comment" for s in document.segments)
    comments = comment_numbers(document.path) if has_comments else {}
    for segment in document.segments:
        layer = segment.location.layer
        if layer not in LAYERS or (layer == "metadata" and not _metadata_wanted(segment)):
            continue
        groups.setdefault(_group_key(segment, comments), []).append(segment)
    out = []
    for segments in groups.values():
        layer = segments[0].location.layer
        action, severity, explanation, message_en = LAYERS[layer]
        author = segments[0].location.author
        extra = {"layer": layer, **({"author": author} if author else {}), "message_en": message_en}
        if layer == "metadata":
            extra["fields"] = ", ".join(s.location.field or "" for s in segments)
            explanation = f"文档属性（{extra['fields']}）{explanation[len('文档属性'):]}"
        out.append(_finding(f"hidden.{layer}", "HIDDEN_CONTENT", segments, layer, action, severity, explanation,
                            **extra))
    return out


def review_findings(document: Document) -> list[Finding]:
    """Things to look at rather than hidden as such: text boxes, embedded objects."""
    out = []
    boxes = [s for s in document.segments if s.location.layer == "textbox"]
    if boxes:
        out.append(_finding("hidden.textbox", "HIDDEN_CONTENT", boxes[:1], "textbox", "review", "info",
                            f"文档含 {len(boxes)} 段文本框文字：文本框常被忽略，请逐一核查。", count=len(boxes),
                            message_en=f"{len(boxes)} text-box paragraph(s): easily missed, check them."))
    embedded = document.extra("embedded_objects") or ()
    if embedded:
        out.append(_finding("hidden.embedded_object", "HIDDEN_CONTENT", (), "embedded_object", "review", "medium",
                            f"文档含 {len(embedded)} 个嵌入对象，其内容未经检查：请打开逐一审查或删除。",
                            text=", ".join(embedded), count=len(embedded),
                            message_en=f"{len(embedded)} embedded object(s) not checked: review or remove them."))
    return out


def audit(document: Document, findings, config) -> list[Finding]:
    """Findings in category hidden_content for each hidden layer of the document."""
    out = layer_findings(document) + review_findings(document)
    if document.format == "pdf":
        from review import pdfaudit

        out += pdfaudit.audit(document, config)
    return out
