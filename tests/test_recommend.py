"""The recommendation: mode, reasons tied to rules and legal basis, required actions, determinism."""
from __future__ import annotations

import pytest

from review import review_text, text_document
from review.config import Config
from review.model import Finding, Location
from review.recommend import blocking, recommend


def finding(category, entity, action="review", rule="x.rule", details=(), basis=("basis",)):
    return Finding(rule, category, entity, 0, 2, "xx", Location(line=1), 0.9, "high", action,
                   legal_basis=basis, details=details)


DOC = text_document("关于开展2024年环境保护宣传活动的通知\n特此通知。")


@pytest.mark.parametrize("text,mode", [
    ("秘密★1年\n关于某项目的情况通报", "none"),
    ("内部资料  注意保存\n2024年执法检查情况", "none"),
    ("关于追加经费的请示\n妥否，请批示。", "none"),
    ("信访事项处理意见书\n您反映的噪声问题已收悉，现答复如下。", "targeted"),
    ("关于发放举报奖励的通知\n举报人：略\n奖励金500元。", "targeted"),
    ("责令改正违法行为决定书\n你公司存在以下违法行为。", "targeted"),
    ("关于开展2024年环境保护宣传活动的通知\n特此通知。", "public"),
])
def test_mode_rows(text, mode):
    assert review_text(text).recommendation.mode == mode


def test_a_classification_mark_gives_none_with_its_rule_and_article_14_and_a_referral():
    rec = review_text("机密★长期\n关于某项目的情况通报").recommendation
    reason = next(r for r in rec.reasons if r.code == "classification_mark")
    assert reason.mode == "none" and "classification.level_star" in reason.rule_ids
    assert any("第十四条" in b for b in reason.legal_basis)
    assert any("保密办" in a for a in rec.required_actions)
    assert any("secrecy office" in a for a in rec.required_actions_en)
    assert reason.text_en


def test_redactions_are_counted_by_type_with_article_37():
    rec = review_text("关于某公司的行政处罚决定书\n联系电话13812345678，13912345678。").recommendation
    assert rec.mode == "public"
    reason = next(r for r in rec.reasons if r.code == "redact_before_publication")
    assert any("第三十七条" in b for b in reason.legal_basis)
    assert "手机号码 2" in reason.text
    assert any("手机号码 2" in a for a in rec.required_actions)


def test_trade_secrets_ask_for_the_third_partys_opinion_under_article_32():
    rec = review_text("关于某项目环境影响报告书的批复\n反应温度180℃，涉及商业秘密，申请不予公开。").recommendation
    assert rec.mode == "public"
    reason = next(r for r in rec.reasons if r.code == "trade_secret")
    assert any("反不正当竞争法》第九条" in b for b in reason.legal_basis)
    assert any("第三十二条" in a for a in rec.required_actions)


@pytest.mark.parametrize("push,mode", [("none", "none"), ("targeted", "targeted"), (None, "public")])
def test_aggregation_findings_can_push_the_mode(push, mode):
    details = (("recommend", push),) if push else ()
    rec = recommend(DOC, [finding("aggregation", "RECORD_DENSITY", details=details)], Config())
    assert rec.mode == mode


def test_a_finding_the_reviewer_kept_no_longer_drives_the_mode():
    kept = finding("classification", "CLASSIFICATION_MARK", action="none", details=(("decision", "keep"),))
    assert recommend(DOC, [kept], Config()).mode == "public"
    assert recommend(DOC, [kept.with_(action="review")], Config()).mode == "none"


def test_the_strictest_reason_wins():
    findings = [finding("internal", "PROCESS_INFO"), finding("aggregation", "RECORD_DENSITY", details=(("recommend", "targeted"),))]
    rec = recommend(DOC, findings, Config())
    assert rec.mode == "none"
    assert {r.mode for r in rec.reasons} >= {"none", "targeted"}


def test_the_same_input_gives_the_same_answer():
    text = "关于某公司的行政处罚决定书\n联系电话13812345678。\n妥否，请批示。"
    assert review_text(text).recommendation == review_text(text).recommendation


def test_blocking_counts_open_findings_only():
    open_one = finding("personal", "CN_MOBILE", action="redact")
    decided = open_one.with_(details=(("decision", "redact"),))
    kept = open_one.with_(action="none")
    assert blocking([open_one, decided, kept]) == [open_one]
