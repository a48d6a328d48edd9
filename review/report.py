"""Renderers over Report.to_dict()/Finding: human text (zh default, en) and JSON lines."""
from __future__ import annotations

import json

from review.i18n import ACTION_LABELS, CATEGORY_LABELS, MODE_LABELS, label
from review.masks import display_mask
from review.model import Report

TEXTS = {
    "zh": {"mode": "建议公开方式", "reasons": "理由", "none_found": "未发现需要处理的内容。",
           "error": "错误", "findings": "项", "basis": "依据", "mask": "建议遮盖为", "warning": "提示",
           "actions": "须完成"},
    "en": {"mode": "Recommended mode", "reasons": "Reasons", "none_found": "Nothing found that needs attention.",
           "error": "error", "findings": "finding(s)", "basis": "basis", "mask": "proposed mask", "warning": "warning",
           "actions": "required"},
}


def render_json(report: Report) -> str:
    """One JSON object on one line (the stable contract of `review check --format json`)."""
    return json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=False)


def _finding_lines(f, lang: str, show_values: bool) -> list[str]:
    t = TEXTS[lang]
    value = f.text if show_values else display_mask(f.text)
    where = f.location.describe(lang) or "-"
    head = f"  [{label(ACTION_LABELS, f.action, lang)}] {f.entity_type} «{value}» @ {where}  ({f.rule_id}, {f.score:.2f})"
    lines = [head]
    explanation = f.explanation
    if f.role:
        explanation = f"{explanation} ({f.role})" if explanation else f.role
    if explanation:
        lines.append(f"      {explanation}")
    if f.mask and show_values:
        lines.append(f"      {t['mask']}: {f.mask}")
    if f.legal_basis:
        lines.append(f"      {t['basis']}: {'; '.join(f.legal_basis)}")
    return lines


def render_text(report: Report, lang: str = "zh", show_values: bool = False) -> str:
    """The human report: recommendation on top, then findings grouped by category."""
    t = TEXTS[lang]
    lines = [f"== {report.file}"]
    for error in report.errors:
        lines.append(f"  {t['error']}: {error}")
    if report.document is None:
        return "\n".join(lines)
    for warning in report.document.warnings:
        lines.append(f"  {t['warning']}: {warning}")
    rec = report.recommendation
    lines.append(f"  {t['mode']}: {label(MODE_LABELS, rec.mode, lang)} ({rec.mode})")
    for reason in rec.reasons:
        basis = f" [{'; '.join(reason.legal_basis)}]" if reason.legal_basis else ""
        lines.append(f"    - {reason.text}{basis}")
    for action in rec.required_actions:
        lines.append(f"    * {t['actions']}: {action}")
    groups = report.by_category()
    if not groups:
        lines.append(f"  {t['none_found']}")
    for category, findings in groups.items():
        lines.append(f"  {label(CATEGORY_LABELS, category, lang)}: {len(findings)} {t['findings']}")
        for f in findings:
            lines.extend(_finding_lines(f, lang, show_values))
    return "\n".join(lines)
