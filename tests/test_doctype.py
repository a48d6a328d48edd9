"""Document types from rules/catalog.yaml: recognition rows, user extension, catalog validation."""
from __future__ import annotations

import re
import shutil

import pytest

from review import confidential, text_document
from review.config import DEFAULT_RULES_DIR, Config
from review.doctype import classify, load_catalog
from review.errors import RulePackError
from review.recommend import recommend

CATALOG = load_catalog(DEFAULT_RULES_DIR)
EXPECTED_IDS = {
    "penalty_decision_company", "penalty_decision_person", "eia_approval", "eia_announcement", "permit",
    "complaint_reply", "informant_reward", "notice_to_company", "meeting_minutes", "request_for_instructions",
    "internal_report", "normative_document", "draft_for_comment", "press_release", "list_publication",
    "typical_cases", "monitoring_data", "work_plan", "inspection_record", "radiation_source_list",
    "english_reply", "other",
}


def test_catalog_covers_the_sample_document_types_with_mode_and_basis():
    assert {t.id for t in CATALOG.types} == EXPECTED_IDS
    for t in CATALOG.types:
        assert t.mode in ("public", "targeted", "none"), t.id
        assert t.legal_basis and t.reason and t.reason_en, t.id


@pytest.mark.parametrize("text,expected", [
    ("某市生态环境局\n行政处罚决定书\n当事人：某化工有限公司\n统一社会信用代码：91310000MA1FL0000X\n法定代表人：王某", "penalty_decision_company"),
    ("行政处罚决定书\n当事人：张建国，男，公民身份号码：略\n住址：略", "penalty_decision_person"),
    ("关于某公司年产3000吨胶粘剂项目环境影响报告书的批复\n经研究，批复如下：", "eia_approval"),
    ("建设项目环境影响评价文件拟审批公示\n公示期为2024年10月21日至25日。", "eia_announcement"),
    ("信访事项处理意见书\n您反映的噪声问题已收悉。", "complaint_reply"),
    ("关于发放环境违法行为举报奖励的通知\n举报人：略\n奖励金500元。", "informant_reward"),
    ("责令改正违法行为决定书\n你单位存在以下违法行为。", "notice_to_company"),
    ("2024年第3次局长办公会议纪要\n会议议定：……\n参会人员：……", "meeting_minutes"),
    ("关于追加执法经费的请示\n妥否，请批示。", "request_for_instructions"),
    ("关于某事项的情况报告\n以上情况，请局领导审阅。", "internal_report"),
    ("现场检查（勘察）笔录\n被检查单位：某公司\n检查人员：略", "inspection_record"),
    ("某市重点排污单位名单\n序号 单位名称", "list_publication"),
    ("2024年生态环境执法典型案例\n案例一 基本案情", "typical_cases"),
    ("2024年3月地表水水质监测结果\n监测点位 达标情况", "monitoring_data"),
    ("2024年大气污染防治工作要点\n（执法处牵头）", "work_plan"),
    ("关于某管理办法（征求意见稿）\n现向社会公开征求意见。", "draft_for_comment"),
    ("某区放射源安全检查情况\n核素 活度 Bq", "radiation_source_list"),
    ("Dear Mr. Smith,\nThank you for your letter about the noise.\nSincerely,", "english_reply"),
    ("今天天气很好。", "other"),
])
def test_document_type_rows(text, expected):
    assert classify(text_document(text), CATALOG).type.id == expected


def test_recognition_is_deterministic_and_explains_its_cues():
    doc = text_document("关于追加执法经费的请示\n妥否，请批示。")
    first, second = classify(doc, CATALOG), classify(doc, CATALOG)
    assert first == second
    assert first.cues and first.anchor is not None


def test_users_add_a_type_without_touching_code(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    extra = """
  - id: hearing_transcript
    name: 听证笔录
    mode: none
    cues:
      - {title: '听证笔录', weight: 5}
    legal_basis: [ogi_art16]
    reason: 听证笔录属于行政执法过程性信息。
    examples: {match: ["听证笔录\n主持人：略"], no_match: ["听证告知书\n你单位有权要求听证。"]}
"""
    catalog = rules / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + extra, encoding="utf-8")
    doc = text_document("听证笔录\n主持人：略")
    assert classify(doc, load_catalog(rules)).type.id == "hearing_transcript"
    config = Config(rules_dir=rules)
    findings = confidential.refine(doc, [], config)
    assert [f.rule_id for f in findings] == ["internal.doctype.hearing_transcript"]
    recommendation = recommend(doc, findings, config)
    assert (recommendation.document_type, recommendation.mode) == ("hearing_transcript", "none")


@pytest.mark.parametrize("entry,field", [
    ("  - {id: bad, mode: sometimes, legal_basis: [ogi_art37], cues: []}", "mode"),
    ("  - {id: bad, mode: public, legal_basis: [no_such_law], cues: []}", "legal_basis"),
    ("  - {id: bad, mode: public, legal_basis: [ogi_art37], cues: [{title: '(', weight: 1}]}", "cues[0].title"),
    ("  - {id: bad, mode: public, legal_basis: [ogi_art37], remove: [姓名], remove_en: [name, phone]}", "remove_en"),
    ("  - {id: bad, mode: public, legal_basis: [ogi_art37], cues: []}", "examples"),
    ("  - {id: bad, mode: public, legal_basis: [ogi_art37], examples: {no_match: [通知]}}", "examples"),
    ("  - {id: bad, mode: public, legal_basis: [ogi_art37], examples: {match: [通知], nomatch: [公告]}}", "examples"),
    ("  - {id: bad, mode: public, legal_basis: [ogi_art37], examples: {match: [通知], no_match: ['']}}",
     "examples.no_match"),
])
def test_an_invalid_catalog_entry_names_the_type_and_the_field(tmp_path, entry, field):
    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, rules)
    other = "  - {id: other, mode: public, legal_basis: [ogi_art37], examples: {match: [今天天气很好。]}}\n"
    (rules / "catalog.yaml").write_text("types:\n" + entry + "\n" + other, encoding="utf-8")
    with pytest.raises(RulePackError, match=re.escape(f"'bad' field '{field}'")):
        load_catalog(rules)
