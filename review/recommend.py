"""Findings + document type -> disclosure mode, reasons, required actions. Deterministic and explainable.

Only active findings count (action redact or review): a finding a reviewer decided to keep no
longer drives the mode. The strictest reason wins (none > targeted > public):
  - a classification mark -> none (art. 14), refer to the secrecy office;
  - internal or process information, including a document type the catalog withholds -> none (art. 16);
  - an aggregation finding with details {"recommend": "none"|"targeted"} -> that mode;
  - a document type addressed to specific persons (complaint reply, informant reward, notice to
    one company) -> targeted;
  - otherwise public, with the redactions, third-party opinions and clean-ups listed.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from review.doctype import Match, document_type, load_catalog
from review.entities import zh_label
from review.model import Finding, Reason, Recommendation

MODE_ORDER = {"public": 0, "targeted": 1, "none": 2}
# Sensitive personal information in the sense of PIPL art. 28 (besides the SENSITIVE_* types).
SENSITIVE_TYPES = frozenset({"CN_BANK_CARD", "CREDIT_CARD", "MEDICAL_RECORD"})
_MODE_ZH = {"public": "主动公开", "targeted": "定向公开", "none": "不予公开"}


def _cite(config, *keys) -> tuple[str, ...]:
    """Citations (zh) for legal-basis keys."""
    table = load_catalog(Path(config.rules_dir)).legal_basis
    return tuple(table[k]["zh"] for k in keys if k in table)


def _ids(findings) -> tuple[str, ...]:
    """The distinct rule ids of some findings, in first-seen order."""
    return tuple(dict.fromkeys(f.rule_id for f in findings))


def _types(findings, lang: str) -> str:
    """'姓名 2、手机号码 1' / 'PERSON 2, CN_MOBILE 1': what kinds of values, how many."""
    counts = Counter(f.entity_type for f in findings)
    if lang == "zh":
        return "、".join(f"{zh_label(t)} {n}" for t, n in sorted(counts.items()))
    return ", ".join(f"{t} {n}" for t, n in sorted(counts.items()))


def classification_reason(found, config) -> Reason | None:
    """Any classification mark: the document is not disclosed."""
    if not found:
        return None
    return Reason("classification_mark", f"文件含密级标志（{len(found)} 处），标有密级的信息不予公开。",
                  _cite(config, "ogi_art14", "state_secrets_law"), _ids(found), "none",
                  f"The document carries a classification mark ({len(found)}); classified material is not disclosed.")


def internal_reason(found, config) -> Reason | None:
    """Internal affairs or process information: may be withheld under art. 16."""
    if not found:
        return None
    kinds = "、".join(dict.fromkeys(zh_label(f.entity_type) for f in found))
    doc = next((dict(f.details).get("doctype") for f in found if dict(f.details).get("doctype")), None)
    doc_type = next((t for t in load_catalog(Path(config.rules_dir)).types if t.id == doc), None)
    extra = f"，文书类型为{doc_type.name}" if doc_type else ""
    extra_en = f", document type {doc_type.name_en or doc_type.id}" if doc_type else ""
    return Reason("internal_or_process", f"含内部标志或过程性信息（{kinds}，{len(found)} 处{extra}），可不予公开。",
                  _cite(config, "ogi_art16"), _ids(found), "none",
                  f"Internal marking or process information ({len(found)}{extra_en}); may be withheld.")


def aggregation_reasons(found, config) -> list[Reason]:
    """Aggregation findings that ask for a stricter mode (details recommend: none|targeted)."""
    out = []
    for mode in ("none", "targeted"):
        hits = [f for f in found if dict(f.details).get("recommend") == mode]
        if hits:
            out.append(Reason(f"aggregation_{mode}", f"数据汇聚风险（{len(hits)} 处）：建议{_MODE_ZH[mode]}。",
                              tuple(dict.fromkeys(b for f in hits for b in f.legal_basis)), _ids(hits), mode,
                              f"Aggregation risk ({len(hits)}): {mode} recommended."))
    return out


def doctype_reason(match: Match, config) -> Reason:
    """What the catalog says about this kind of document."""
    t = match.type
    text = f"文书类型：{t.name}。{t.reason}" if t.reason else f"文书类型：{t.name}。"
    text_en = f"Document type: {t.name_en or t.id}. {t.reason_en}".strip()
    mode = t.mode if t.mode == "targeted" else None
    return Reason(f"document_type.{t.id}", text, _cite(config, *t.legal_basis), (), mode, text_en)


def disclosure_reasons(findings, match: Match, config) -> list[Reason]:
    """Reasons tied to findings (personal data, trade secrets) for a document that goes out."""
    out = []
    redact = [f for f in findings if f.action == "redact"]
    if redact:
        sensitive = any(f.entity_type in SENSITIVE_TYPES or f.entity_type.startswith("SENSITIVE_") for f in redact)
        keys = ("ogi_art37", "ogi_art15") + (("pipl_art28",) if sensitive else ())
        out.append(Reason("redact_before_publication", f"须删除或遮盖 {len(redact)} 处后公开：{_types(redact, 'zh')}。",
                          _cite(config, *keys), _ids(redact), "public",
                          f"{len(redact)} span(s) must be redacted before publication: {_types(redact, 'en')}."))
    secrets = [f for f in findings if f.category == "trade_secret"]
    if secrets:
        out.append(Reason("trade_secret", f"可能涉及第三方商业秘密 {len(secrets)} 处。",
                          _cite(config, "aucl_art9", "ogi_art15", "ogi_art32"), _ids(secrets), "public",
                          f"{len(secrets)} passage(s) may be a third party's trade secret."))
    return out


def required_actions(findings, mode: str, match: Match) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What must be done before the document goes out in `mode` (zh, en), index for index."""
    zh, en = [], []

    def add(z: str, e: str) -> None:
        zh.append(z)
        en.append(e)

    cls = [f for f in findings if f.category == "classification"]
    if cls:
        add(f"含密级标志 {len(cls)} 处：移交保密办审查，不得公开。",
            f"Classification mark ({len(cls)}): refer to the secrecy office; do not publish.")
    if mode == "none":
        add("不予公开；如依申请公开，须先经审核人逐项确认。", "Do not disclose; a disclosure on request needs a reviewer's item-by-item decision.")
        return tuple(zh), tuple(en)
    _disclosure_actions(findings, add)
    for z, e in zip(match.type.remove, match.type.remove_en or match.type.remove):
        add(f"按文书类型公开前核对并删除（如有）：{z}。", f"Check and remove, for this document type (if present): {e}.")
    return tuple(zh), tuple(en)


def _disclosure_actions(findings, add) -> None:
    """Redactions, third-party opinions, hidden content and open questions, counted."""
    redact = [f for f in findings if f.action == "redact"]
    if redact:
        add(f"删除或遮盖 {len(redact)} 处（{_types(redact, 'zh')}）。",
            f"Redact {len(redact)} span(s) ({_types(redact, 'en')}).")
    secrets = [f for f in findings if f.category == "trade_secret" and f.action != "redact"]
    if secrets:
        add(f"公开可能的商业秘密 {len(secrets)} 处前，依第三十二条征求第三方意见，或予以删除。",
            f"Before publishing {len(secrets)} possible trade-secret passage(s), obtain the third party's opinion (art. 32) or remove them.")
    hidden = [f for f in findings if f.category == "hidden_content" and f.action != "redact"]
    if hidden:
        add(f"清除隐藏内容 {len(hidden)} 处（修订、批注、隐藏文字、文档属性等）。",
            f"Remove {len(hidden)} item(s) of hidden content (tracked changes, comments, hidden text, properties).")
    review = [f for f in findings if f.action == "review" and f.category in ("personal", "aggregation")]
    if review:
        add(f"人工审核 {len(review)} 处待定内容。", f"Review {len(review)} undecided item(s).")


def confidence(mode: str, reasons, findings, match: Match) -> float:
    """How sure the recommendation is: strongest driving finding, or how clearly the type was recognised."""
    driving = [f for f in findings if f.rule_id in {i for r in reasons if r.mode == mode for i in r.rule_ids}]
    if mode != "public" and driving:
        return round(min(0.95, max(f.score for f in driving)), 2)
    if match.score <= 0:
        return 0.6
    return round(min(0.9, 0.55 + match.score / 20), 2)


def recommend(document, findings, config, match: Match | None = None) -> Recommendation:
    """The disclosure mode for a reviewed document, with reasons, required actions and confidence."""
    match = match or document_type(document, config)
    active = [f for f in findings if f.action != "none"]
    reasons = [r for r in (
        classification_reason([f for f in active if f.category == "classification"], config),
        internal_reason([f for f in active if f.category == "internal"], config),
    ) if r]
    reasons += aggregation_reasons([f for f in active if f.category == "aggregation"], config)
    reasons.append(doctype_reason(match, config))
    reasons += disclosure_reasons(active, match, config)
    mode = max((r.mode for r in reasons if r.mode), key=MODE_ORDER.__getitem__, default="public")
    actions, actions_en = required_actions(active, mode, match)
    return Recommendation(mode, tuple(reasons), actions, confidence(mode, reasons, active, match),
                          match.type.id, actions_en)


def blocking(findings: list[Finding]) -> list[Finding]:
    """Findings still open: action redact or review without a reviewer's decision."""
    return [f for f in findings if f.action != "none" and not dict(f.details).get("decision")]
