"""Labels for the human report and the web app, in Chinese (default) and English."""
from __future__ import annotations

CATEGORY_LABELS = {
    "zh": {"personal": "个人信息", "trade_secret": "商业秘密", "classification": "密级标志",
           "internal": "内部事务与过程信息", "aggregation": "数据汇聚", "hidden_content": "隐藏内容"},
    "en": {"personal": "Personal data", "trade_secret": "Trade secrets", "classification": "Classification marks",
           "internal": "Internal and process information", "aggregation": "Sensitive aggregation",
           "hidden_content": "Hidden content"},
}
MODE_LABELS = {
    "zh": {"public": "主动公开", "targeted": "定向公开", "none": "不予公开"},
    "en": {"public": "public", "targeted": "targeted", "none": "not disclosed"},
}
ACTION_LABELS = {
    "zh": {"redact": "删除/遮盖", "review": "人工审核", "none": "保留"},
    "en": {"redact": "redact", "review": "review", "none": "keep"},
}
DECISION_LABELS = {
    "zh": {"redact": "删除/遮盖", "keep": "保留"},
    "en": {"redact": "redact", "keep": "keep"},
}
LAYER_LABELS = {
    "zh": {"body": "正文", "table": "表格", "header": "页眉", "footer": "页脚", "footnote": "脚注",
           "endnote": "尾注", "textbox": "文本框", "comment": "批注", "tracked_insertion": "修订插入",
           "tracked_deletion": "修订删除", "hidden_text": "隐藏文字", "invisible_text": "不可见文字",
           "metadata": "文档属性", "annotation": "注释", "attachment": "附件", "embedded_object": "嵌入对象",
           "previous_revision": "历史版本", "hidden_row": "隐藏行", "hidden_column": "隐藏列",
           "hidden_sheet": "隐藏工作表", "cell_comment": "单元格批注", "page": "页面", "cell": "单元格",
           "chart": "图表"},
    "en": {},
}


def label(table: dict, key: str, lang: str) -> str:
    """Look a key up in one of the label tables, falling back to the key itself."""
    return table.get(lang, {}).get(key) or key.replace("_", " ")


def describe_location(loc, lang: str = "zh") -> str:
    """A short label for a Location, e.g. '第3页 表1 第2行第4列' or 'p. 3, table 1 r2c4'."""
    zh = lang == "zh"
    parts = []
    if loc.layer not in ("body", "page", "cell", "table"):
        parts.append(label(LAYER_LABELS, loc.layer, lang))
    if loc.sheet:
        parts.append(f"工作表「{loc.sheet}」" if zh else f"sheet {loc.sheet!r}")
    if loc.page is not None:
        parts.append(f"第{loc.page}页" if zh else f"p. {loc.page}")
    if loc.table is not None:
        parts.append(f"表{loc.table}" if zh else f"table {loc.table}")
    if loc.row is not None and loc.column is not None:
        parts.append(f"第{loc.row}行第{loc.column}列" if zh else f"r{loc.row}c{loc.column}")
    elif loc.row is not None:
        parts.append(f"第{loc.row}行" if zh else f"row {loc.row}")
    if loc.paragraph is not None and loc.table is None:
        parts.append(f"第{loc.paragraph}段" if zh else f"para. {loc.paragraph}")
    if loc.line is not None:
        parts.append(f"第{loc.line}行" if zh else f"line {loc.line}")
    if loc.field:
        parts.append(loc.field)
    return " ".join(parts) if zh else ", ".join(parts)
