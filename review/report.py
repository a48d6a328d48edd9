"""Renderers over Report/Finding: the human report (zh default, en) and JSON lines. SARIF: review/sarif.py.

The human report puts the recommendation on top (mode, document type, reasons with their legal
basis, required actions, the gate verdict when --require is given), then the findings grouped by
category: location, masked value, what to do, why, and on which legal basis.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from review.config import DEFAULT_RULES_DIR
from review.i18n import ACTION_LABELS, CATEGORY_LABELS, DECISION_LABELS, MODE_LABELS, label
from review.masks import display_mask
from review.model import Report

TEXTS = {
    "zh": {"mode": "建议公开方式", "reasons": "理由", "none_found": "未发现需要处理的内容。",
           "error": "错误", "findings": "项", "basis": "依据", "mask": "建议遮盖为", "warning": "提示",
           "actions": "须完成", "doctype": "文书类型", "confidence": "置信度", "decided": "审核决定",
           "gate_pass": "发布检查（{mode}）：通过", "gate_fail": "发布检查（{mode}）：未通过",
           "gate_mode": "建议公开方式为{got}", "gate_open": "{n} 项尚未处理"},
    "en": {"mode": "Recommended mode", "reasons": "Reasons", "none_found": "Nothing found that needs attention.",
           "error": "error", "findings": "finding(s)", "basis": "basis", "mask": "proposed mask", "warning": "warning",
           "actions": "required", "doctype": "document type", "confidence": "confidence", "decided": "decision",
           "gate_pass": "Publication gate ({mode}): passed", "gate_fail": "Publication gate ({mode}): blocked",
           "gate_mode": "the recommended mode is {got}", "gate_open": "{n} finding(s) unresolved"},
}


@lru_cache(maxsize=4)
def _rule_texts(rules_dir: Path) -> tuple[dict, dict]:
    """(rule id -> English message, zh citation -> en citation) for the English report."""
    from review.rulepack import load_rulepack

    pack = load_rulepack(rules_dir)
    messages = {r.id: r.message_en for r in pack.rules if r.message_en}
    citations = {v["zh"]: v["en"] for v in pack.legal_basis.values()}
    return messages, citations


def render_json(report: Report, extra: dict | None = None) -> str:
    """One JSON object on one line (the stable contract of `review check --format json`)."""
    data = report.to_dict()
    data.update(extra or {})
    return json.dumps(data, ensure_ascii=False, sort_keys=False)


class _Lang:
    """Translation of rule messages and citations for one rendering."""

    def __init__(self, lang: str, rules_dir: Path | None):
        self.lang = lang
        self.t = TEXTS[lang]
        self.messages, self.citations = _rule_texts(Path(rules_dir or DEFAULT_RULES_DIR)) if lang == "en" else ({}, {})

    def basis(self, citations) -> str:
        return "; ".join(self.citations.get(c, c) for c in citations)

    def explain(self, f) -> str:
        if self.lang == "zh":
            return f.explanation
        return self.messages.get(f.rule_id) or dict(f.details).get("message_en") or f.explanation


def _finding_lines(f, tr: _Lang, show_values: bool) -> list[str]:
    """One finding: action, entity, masked value, location; then why, mask, decision and basis.

    An item kept by the engine (an official, a masked value) takes one line: it needs no action.
    """
    t, lang = tr.t, tr.lang
    value = f.text if show_values else display_mask(f.text)
    where = f.location.describe(lang) or "-"
    head = f"  [{label(ACTION_LABELS, f.action, lang)}] {f.entity_type} «{value}» @ {where}  ({f.rule_id}, {f.score:.2f})"
    if f.action == "none" and not dict(f.details).get("decision"):
        return [head + (f"  {f.role}" if f.role else "")]
    lines = [head]
    explanation = tr.explain(f)
    if f.role:
        explanation = f"{explanation} ({f.role})" if explanation else f.role
    if explanation:
        lines.append(f"      {explanation}")
    if f.mask:
        lines.append(f"      {t['mask']}: {f.mask}")
    details = dict(f.details)
    if details.get("decision"):
        choice = label(DECISION_LABELS, details["decision"], lang)
        lines.append(f"      {t['decided']}: {choice} ({details.get('reviewer', '')}, {details.get('decided_at', '')})")
    if f.legal_basis:
        lines.append(f"      {t['basis']}: {tr.basis(f.legal_basis)}")
    return lines


def _recommendation_lines(rec, tr: _Lang) -> list[str]:
    """The recommendation block: mode, document type, reasons with basis, required actions."""
    t, lang = tr.t, tr.lang
    lines = [f"  {t['mode']}: {label(MODE_LABELS, rec.mode, lang)} ({rec.mode})"
             f"  {t['doctype']}: {rec.document_type or '-'}  {t['confidence']}: {rec.confidence:.2f}"]
    for reason in rec.reasons:
        text = reason.text_en if lang == "en" and reason.text_en else reason.text
        basis = f" [{tr.basis(reason.legal_basis)}]" if reason.legal_basis else ""
        rules = f" ({', '.join(reason.rule_ids[:5])})" if reason.rule_ids else ""
        lines.append(f"    - {text}{basis}{rules}")
    actions = rec.required_actions_en if lang == "en" and rec.required_actions_en else rec.required_actions
    lines.extend(f"    * {t['actions']}: {a}" for a in actions)
    return lines


def gate_line(gate: dict, lang: str) -> str:
    """The verdict of --require: passed, or blocked and why."""
    t = TEXTS[lang]
    mode = label(MODE_LABELS, gate["require"], lang)
    if gate["passed"]:
        return f"  {t['gate_pass'].format(mode=mode)}"
    why = []
    if not gate["mode_ok"]:
        why.append(t["gate_mode"].format(got=label(MODE_LABELS, gate["mode"], lang)))
    if gate["unresolved"]:
        why.append(t["gate_open"].format(n=gate["unresolved"]))
    return f"  {t['gate_fail'].format(mode=mode)}: {'; '.join(why)}"


def console_safe(text: str) -> str:
    """Text for a terminal or a CI log: control and format characters shown as escapes.

    A file name, zip part or sheet name with a newline could forge a report line, an ANSI escape
    could rewrite the screen, and a right-to-left override could disguise an extension.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def render_text(report: Report, lang: str = "zh", show_values: bool = False, *,
                gate: dict | None = None, rules_dir: Path | None = None) -> str:
    """The human report: recommendation on top, then findings grouped by category."""
    tr = _Lang(lang, rules_dir)
    lines = [f"== {report.file}"]
    lines.extend(f"  {tr.t['error']}: {error}" for error in report.errors)
    if report.document is None:
        return "\n".join(console_safe(line) for line in lines)
    lines.extend(f"  {tr.t['warning']}: {w}" for w in report.document.warnings)
    lines.extend(_recommendation_lines(report.recommendation, tr))
    if gate:
        lines.append(gate_line(gate, lang))
    groups = report.by_category()
    if not groups:
        lines.append(f"  {tr.t['none_found']}")
    for category, findings in groups.items():
        lines.append(f"  {label(CATEGORY_LABELS, category, lang)}: {len(findings)} {tr.t['findings']}")
        for f in findings:
            lines.extend(_finding_lines(f, tr, show_values))
    return "\n".join(console_safe(line) for line in lines)
