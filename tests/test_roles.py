"""Roles decide the action: the same kind of value is kept in one role and redacted in another."""
from __future__ import annotations

import pytest

from review import review_text
from review.config import Config
from review.detect import recognize
from review.model import Document, Location
from review.roles import assign
from review.rulepack import load_rulepack

PENALTY_COMPANY = """上海市宝山区生态环境局
行政处罚决定书
当事人：上海申闽精细化工有限公司
统一社会信用代码：91310113607312458X
法定代表人：陈国栋
住所：上海市宝山区罗店镇罗北路1188号
委托代理人：徐海燕，该公司安环部员工，联系电话15821937046
经查，陈国栋于2024年3月6日在现场。
执法人员：周文斌（执法证号：31113024006）、马晓丽（执法证号：31113024019）
联系电话：021-56698012
环保投诉举报热线：12369"""

PENALTY_PERSON = """行政处罚决定书
当事人：张建国，男，1978年3月12日出生
公民身份号码：310104197803122315
住址：上海市浦东新区周浦镇年家浜路388弄6号502室
联系电话：13916283475、021-57321468
经查，张建国于2024年5月18日露天焚烧电缆。"""


def by_text(text: str) -> dict[str, tuple[str | None, str]]:
    """value -> (role, action) of the last finding with that text."""
    return {f.text: (f.role, f.action) for f in review_text(text).findings if f.category == "personal"}


@pytest.mark.parametrize("value,role,action", [
    ("91310113607312458X", "penalized_company", "none"),
    ("陈国栋", "legal_representative", "none"),
    ("上海市宝山区罗店镇罗北路1188号", "company_address", "none"),
    ("徐海燕", "private_person", "redact"),
    ("15821937046", "private_person", "redact"),
    ("周文斌", "official", "none"),
    ("马晓丽", "official", "none"),
    ("021-56698012", "office_phone", "none"),
    ("12369", "hotline", "none"),
])
def test_penalty_decision_against_a_company(value, role, action):
    assert by_text(PENALTY_COMPANY)[value] == (role, action)


@pytest.mark.parametrize("value,role,action", [
    ("张建国", "penalized_person", "redact"),
    ("310104197803122315", "penalized_person", "redact"),
    ("上海市浦东新区周浦镇年家浜路388弄6号502室", "home_address", "redact"),
    ("13916283475", "penalized_person", "redact"),
    ("021-57321468", "penalized_person", "redact"),
    ("1978年3月12日", "penalized_person", "redact"),
])
def test_penalty_decision_against_a_person(value, role, action):
    assert by_text(PENALTY_PERSON)[value] == (role, action)


def test_a_penalised_persons_name_is_masked_as_surname_and_mou():
    findings = [f for f in review_text(PENALTY_PERSON).findings if f.text == "张建国"]
    assert len(findings) == 2 and {f.mask for f in findings} == {"张某某"}


def test_a_legal_representative_stays_kept_when_named_again():
    later = [f for f in review_text(PENALTY_COMPANY).findings if f.text == "陈国栋"]
    assert len(later) == 2 and {f.action for f in later} == {"none"}


def test_an_individual_business_code_and_its_operator_are_not_simply_kept():
    text = "行政处罚决定书\n当事人：上海泗泾钱记五金店（个体工商户）\n统一社会信用代码：92310116MA1N2P7C39\n经营者：钱永福"
    found = by_text(text)
    assert found["92310116MA1N2P7C39"] == ("individual_business", "review")
    assert found["钱永福"] == ("penalized_person", "redact")


@pytest.mark.parametrize("text,value", [
    ("该案当事人王某某已缴纳罚款，联系电话138****1234", "王某某"),
    ("身份证号码310101********1234", None),
])
def test_already_masked_values_are_not_flagged(text, value):
    findings = review_text(text).findings
    assert all(f.action == "none" for f in findings if f.category == "personal")


def test_explanations_say_which_cue_decided_the_role():
    finding = next(f for f in review_text(PENALTY_COMPANY).findings if f.text == "陈国栋")
    assert "法定代表人" in finding.explanation
    assert dict(finding.details)["cue"] == "法定代表人"


@pytest.mark.parametrize("text,value,action", [
    ("1 | 沪B73926 | 重型厢式货车 | 上海顺迅物流有限公司", "沪B73926", "none"),
    ("2 | 沪DR5583 | 重型半挂牵引车 | 陈立军", "沪DR5583", "redact"),
])
def test_a_company_vehicle_is_kept_and_a_persons_is_redacted(text, value, action):
    doc = "序号 | 号牌号码 | 车辆类型 | 所有人\n" + text
    assert by_text(doc)[value][1] == action


def test_company_contact_name_is_kept_but_the_mobile_goes_to_a_reviewer():
    found = by_text("建设单位联系人：顾晨，电话：18917263054")
    assert found["顾晨"] == ("company_contact", "none")
    assert found["18917263054"] == ("company_contact", "review")


def test_a_vehicle_in_a_decision_against_a_company_is_the_companys():
    text = ("行政处罚决定书\n当事人：上海顺迅物流有限公司\n"
            "经查，当事人所属重型货车（号牌沪B73926）排放黑烟。")
    assert by_text(text)["沪B73926"] == ("penalized_company", "none")


def test_a_vehicle_in_a_decision_against_a_person_is_redacted():
    text = "行政处罚决定书\n当事人：孙明亮，男\n经查，当事人驾驶的重型半挂牵引车（号牌沪D·5K827）排放黑烟。"
    assert by_text(text)["沪D·5K827"] == ("penalized_person", "redact")


def test_a_persons_phone_says_whose_it_is():
    finding = next(f for f in review_text("举报人：刘志强，手机18602171538").findings if f.entity_type == "CN_MOBILE")
    assert finding.action == "redact" and "举报人" in finding.explanation


@pytest.mark.parametrize("text,value,role,action", [
    ("legal representative: Mr. Shen Jianguo; registered address: No. 1288 Tingwei Road", "Shen Jianguo",
     "legal_representative", "none"),
    ("During the visit your neighbour, Mrs. Li Xiuzhen (aged 78), told our officers about the fumes.",
     "Li Xiuzhen", "private_person", "redact"),
    ("If you have questions, please contact Mr. Bai Wenqing at 021-6252 0808.", "Bai Wenqing", "official", "none"),
    ("电子邮箱：hse@jsshenhua.com", "hse@jsshenhua.com", "role_mailbox", "none"),
    ("请先联系窗口工作人员，联系电话：021-6469 3001", "021-6469 3001", "office_phone", "none"),
    ("承办部门：执法大队一中队（电话：021-57196215）", "021-57196215", "office_phone", "none"),
    ("投诉人：王建国\n序号\t所有人\t联系电话\n1\t上海奉城土石方工程有限公司\t021-57512233", "021-57512233",
     "company_contact", "none"),                                   # a company's row, not the person named before
    ("你院辐射安全管理联系人：设备处 国伟，电话：021-24058000转3106。", "021-24058000转3106", "office_phone", "none"),
    ("村民蓝庆丰（电话021-56912205）反映积灰", "021-56912205", "private_person", "redact"),
    ("第一组：组长 郎建国（副局长）；驾驶员 伏明（车辆沪A·B7261）", "沪A·B7261", "office_vehicle", "none"),
])
def test_roles_from_the_words_around_a_value(text, value, role, action):
    assert by_text(text)[value] == (role, action)


def test_a_name_in_the_document_properties_is_hidden_content_for_review_not_a_kept_official():
    config = Config()
    pieces = [("承办人：郭振华", Location(layer="body", line=1)), ("郭振华", Location(layer="metadata", field="core.author"))]
    document = Document.build("draft.docx", "docx", pieces, "0" * 64)
    found = assign(document, recognize(document, load_rulepack(config.rules_dir), config), config)
    persons = {(f.location.layer, f.role, f.action) for f in found if f.entity_type == "PERSON"}
    assert persons == {("body", "official", "none"), ("metadata", "document_author", "review")}


@pytest.mark.parametrize("letter,signer,role,action", [
    ("Dear Sir or Madam,\nI am writing to complain about the noise from the plant next to my flat.\n"
     "Yours faithfully,\nHannah Keller", "Hannah Keller", "complainant", "redact"),
    ("Dear Ms. Keller,\nThank you for your letter. Our officers inspected the plant.\nYours sincerely,\n"
     "Martin Brooks\nDirector, Enforcement Division", "Martin Brooks", "official", "none"),
])
def test_the_signer_of_an_english_letter_is_the_writer_not_always_an_official(letter, signer, role, action):
    found = [f for f in review_text(letter).findings if f.entity_type == "PERSON" and f.text == signer]
    assert {(f.role, f.action) for f in found} == {(role, action)}
