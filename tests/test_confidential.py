"""Document-level confidentiality: where a mark stands, drafts for comment, quotations, decided penalties."""
from __future__ import annotations

import hashlib

import pytest

from review import review_text
from review.config import Config
from review.model import Document, Location
from review.pipeline import review_document

FILLER = [f"第{i}段正文内容。" for i in range(1, 10)]


def rule_ids(report, category=None):
    return {f.rule_id for f in report.findings if category is None or f.category == category}


def layered(*pieces) -> Document:
    """A document from (text, layer) pairs, as a docx loader would build it."""
    built = [(text, Location(layer=layer, paragraph=i + 1)) for i, (text, layer) in enumerate(pieces)]
    return Document.build("t.docx", "docx", built, hashlib.sha256(repr(pieces).encode()).hexdigest())


@pytest.mark.parametrize("lines,expected", [
    (["秘密", *FILLER], True),            # a level alone on the first line is a mark
    ([*FILLER, "秘密"], False),           # the same line at the bottom is not
    (["内部资料  注意保存", *FILLER], True),
    ([*FILLER, "内部资料"], False),
])
def test_first_lines_rules_count_only_at_the_top(lines, expected):
    report = review_text("\n".join(lines))
    marks = rule_ids(report, "classification") | (rule_ids(report, "internal") - {"internal.restriction"})
    assert bool(marks) is expected


@pytest.mark.parametrize("layer", ["header", "footer", "metadata"])
def test_a_mark_in_a_header_footer_or_property_counts_wherever_it_stands(layer):
    doc = layered(*[(t, "body") for t in FILLER], ("机密", layer))
    report = review_document(doc, Config())
    assert "classification.level_line" in rule_ids(report)
    assert report.recommendation.mode == "none"


def test_a_mark_in_a_comment_lower_down_is_not_a_mark_on_the_document():
    doc = layered(*[(t, "body") for t in FILLER], ("秘密", "comment"))
    assert "classification.level_line" not in rule_ids(review_document(doc, Config()))


@pytest.mark.parametrize("text", [
    "国家秘密的密级分为绝密、机密、秘密三级。",
    "第九条 本法所称商业秘密，是指不为公众所知悉、具有商业价值并经权利人采取相应保密措施的技术信息。",
    "行政机关应当依法保守商业秘密，不得泄露。",
    "标注密级时应写明保密期限，例如“秘密★1年”。",
    "建立健全内部控制制度，完善内部管理制度。",
])
def test_quoting_secrecy_words_is_not_a_mark(text):
    report = review_text(text)
    assert not rule_ids(report, "classification")
    assert report.recommendation.mode == "public"


def test_a_draft_for_public_comment_is_published_on_purpose():
    text = ("关于某管理办法（征求意见稿）公开征求意见的通知\n"
            "为广泛听取社会各界意见，现向社会公开征求意见。\n"
            "请于2024年5月1日前通过电子邮件反馈意见。")
    report = review_text(text)
    assert "internal.draft_marker" not in rule_ids(report)
    assert report.recommendation.mode == "public"


def test_a_draft_circulated_for_internal_comment_is_process_information():
    text = "关于某管理办法的通知（征求意见稿）\n请各处室于3月5日前将修改意见反馈办公室。"
    report = review_text(text)
    assert "internal.draft_marker" in rule_ids(report)
    assert report.recommendation.mode == "none"


def test_a_final_decision_that_recounts_the_proposed_penalty_is_not_pending():
    text = ("某市生态环境局行政处罚决定书\n当事人：某化工有限公司\n统一社会信用代码：91310000MA1FL0000X\n"
            "经集体讨论，拟对该公司处以罚款十二万元。\n本机关决定如下：处罚款十二万元。")
    assert "internal.pending_decision" not in rule_ids(review_text(text))


def test_a_proposed_penalty_in_an_internal_note_is_pending():
    text = "关于某公司案件的处理意见\n经集体讨论，拟对该公司处以罚款十二万元。"
    report = review_text(text)
    assert "internal.pending_decision" in rule_ids(report)
    assert report.recommendation.mode == "none"


def test_minutes_of_an_internal_meeting_get_a_document_level_finding():
    text = "专题会议纪要\n会议议定：由执法处牵头开展专项检查。\n参会人员：各处室负责人"
    report = review_text(text)
    finding = next(f for f in report.findings if f.rule_id == "internal.doctype.meeting_minutes")
    assert finding.text == "纪要"
    assert finding.legal_basis and "第十六条" in finding.legal_basis[0]
    assert report.recommendation.mode == "none"


def test_a_published_notice_about_confidentiality_review_is_not_flagged():
    text = ("某市生态环境局关于印发《2023年政务公开工作要点》的通知\n"
            "经第6次局长办公会审议通过，现印发给你们，请认真贯彻执行。\n"
            "严格落实政府信息公开保密审查制度，加强对个人隐私、商业秘密的保护，防范数据汇聚引发泄密风险。\n"
            "公开内容仅涉及部分特定对象的，实行定点、定向公开。\n"
            "信息公开属性：主动公开")
    report = review_text(text)
    assert not [f for f in report.findings if f.action != "none"]
    assert report.recommendation.mode == "public"


def docx_with(tmp_path, header=None, keywords=None):
    """A .docx of plain paragraphs, with an optional page header and keywords property."""
    import docx

    document = docx.Document()
    for text in FILLER:
        document.add_paragraph(text)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if keywords:
        document.core_properties.keywords = keywords
    path = tmp_path / "draft.docx"
    document.save(path)
    return path


@pytest.mark.parametrize("kwargs,layer", [({"header": "秘密★1年"}, "header"), ({"keywords": "机密"}, "metadata")])
def test_a_mark_in_a_real_docx_header_or_property_is_found(tmp_path, kwargs, layer):
    from review import review_file

    report = review_file(docx_with(tmp_path, **kwargs))
    marks = [f for f in report.findings if f.category == "classification"]
    assert marks and marks[0].location.layer == layer
    assert report.recommendation.mode == "none"


def test_a_plain_docx_is_not_classified(tmp_path):
    from review import review_file

    assert review_file(docx_with(tmp_path)).recommendation.mode == "public"
