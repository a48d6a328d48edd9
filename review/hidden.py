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

# layer -> (action, severity, zh explanation). "redact": removed by `review redact` on export.
LAYERS = {
    "comment": ("redact", "medium", "批注（含作者姓名）随文件一并发布，可被任何人查看；导出时删除全部批注。"),
    "tracked_deletion": ("redact", "high", "修订记录中已删除的文字仍保存在文件中，可被恢复；导出时接受修订并删除。"),
    "tracked_insertion": ("review", "low", "修订插入的文字及修订人姓名保存在文件中；导出时接受修订，请确认插入内容可公开。"),
    "hidden_text": ("redact", "high", "隐藏文字（w:vanish）不显示但可被复制和检索；导出时删除。"),
    "invisible_text": ("redact", "high", "白色或极小字号的文字肉眼不可见但可被复制和检索；导出时删除。"),
    "metadata": ("redact", "low", "文档属性记录了作者、单位或模板路径等信息；导出时清除。"),
    "annotation": ("redact", "medium", "PDF 注释（含作者）随文件发布；导出时删除全部注释。"),
    "attachment": ("redact", "high", "PDF 内嵌附件未经审查；导出时删除全部附件，如需公开请单独审查。"),
    "hidden_sheet": ("redact", "high", "隐藏工作表的内容仍在文件中；导出时删除隐藏工作表。"),
    "hidden_row": ("redact", "medium", "隐藏行的内容仍在文件中；导出时清空隐藏行。"),
    "hidden_column": ("redact", "medium", "隐藏列的内容仍在文件中；导出时清空隐藏列。"),
    "cell_comment": ("redact", "medium", "单元格批注随文件发布；导出时删除。"),
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


def _group_key(segment: Segment):
    """Segments of one hidden group share this key (one comment, one hidden sheet, one row...)."""
    loc = segment.location
    if loc.layer == "comment":
        return (loc.layer, loc.part, loc.author, loc.paragraph if loc.paragraph is not None else loc.node)
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
    for segment in document.segments:
        layer = segment.location.layer
        if layer not in LAYERS or (layer == "metadata" and not _metadata_wanted(segment)):
            continue
        groups.setdefault(_group_key(segment), []).append(segment)
    out = []
    for segments in groups.values():
        layer = segments[0].location.layer
        action, severity, explanation = LAYERS[layer]
        author = segments[0].location.author
        extra = {"layer": layer, **({"author": author} if author else {})}
        out.append(_finding(f"hidden.{layer}", "HIDDEN_CONTENT", segments, layer, action, severity, explanation,
                            **extra))
    return out


def review_findings(document: Document) -> list[Finding]:
    """Things to look at rather than hidden as such: text boxes, embedded objects."""
    out = []
    boxes = [s for s in document.segments if s.location.layer == "textbox"]
    if boxes:
        out.append(_finding("hidden.textbox", "HIDDEN_CONTENT", boxes[:1], "textbox", "review", "info",
                            f"文档含 {len(boxes)} 段文本框文字：文本框常被忽略，请逐一核查。", count=len(boxes)))
    embedded = document.extra("embedded_objects") or ()
    if embedded:
        out.append(_finding("hidden.embedded_object", "HIDDEN_CONTENT", (), "embedded_object", "review", "medium",
                            f"文档含 {len(embedded)} 个嵌入对象，其内容未经检查：请打开逐一审查或删除。",
                            text=", ".join(embedded), count=len(embedded)))
    return out


def audit(document: Document, findings, config) -> list[Finding]:
    """Findings in category hidden_content for each hidden layer of the document."""
    out = layer_findings(document) + review_findings(document)
    if document.format == "pdf":
        from review import pdfaudit

        out += pdfaudit.audit(document, config)
    return out
