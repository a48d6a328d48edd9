"""Chinese and English person names: cues, titles, lists, masked names, deny lists."""
from __future__ import annotations

import pytest

from review import review_text
from review.config import DEFAULT_RULES_DIR
from review.lexicon import load_lexicon
from review.names import name_at, split_surname


def names(text: str) -> list[tuple[str, str | None, str]]:
    """(name, role, action) of every PERSON finding."""
    return [(f.text, f.role, f.action) for f in review_text(text).findings if f.entity_type == "PERSON"]


@pytest.mark.parametrize("text,expected", [
    ("当事人张三丰于2023年5月在厂区倾倒废物。", "张三丰"),
    ("投诉人：李秀英，联系电话13764128593", "李秀英"),
    ("委托代理人：徐海燕，该公司安环部员工", "徐海燕"),
    ("法定代表人：欧阳娜娜", "欧阳娜娜"),
    ("联系人：环评处 孟凡超，联系电话：021-23115734", "孟凡超"),
    ("局长王建国出席会议并讲话", "王建国"),
    ("杜永刚（副镇长）参加检查", "杜永刚"),
    ("其丈夫朱国平（联系电话13501786249）", "朱国平"),
    ("二、关于李秀英信访件的处置", "李秀英"),
    ("1. 沈国庆，男，52岁，村民", "沈国庆"),
    ("经办人（签字）：韩梅梅", "韩梅梅"),
    ("来电人：邱先生（邱海波）", "邱海波"),
])
def test_cued_names_are_found_with_their_exact_span(text, expected):
    assert expected in [n for n, _, _ in names(text)]


@pytest.mark.parametrize("text", [
    "当事人应在收到本决定书之日起十五日内缴纳罚款。",
    "申请人应当提交材料。",
    "当事人上海申闽精细化工有限公司",
    "委托代理人：彭晓雯，上海申长律师事务所律师",
    "有关群众信访投诉的处理情况",
    "上海市宝山区罗店镇罗北路",
])
def test_words_that_look_like_names_are_not_names(text):
    found = [n for n, _, action in names(text) if action != "none"]
    assert found in ([], ["彭晓雯"])


def test_every_name_in_a_list_after_one_cue_is_found():
    found = names("执法人员：周文斌（执法证号：31113024006）、马晓丽（执法证号：31113024019）")
    assert [(n, r) for n, r, _ in found] == [("周文斌", "official"), ("马晓丽", "official")]


@pytest.mark.parametrize("text,masked", [
    ("当事人王某某于2023年倾倒废物", "王某某"), ("投诉人李某反映", "李某"), ("张×驾驶车辆", "张×"),
    ("市民张女士此前反映", "张女士"),
])
def test_masked_names_are_recognised_and_kept(text, masked):
    found = names(text)
    assert (masked, "masked", "none") in found
    assert all(action == "none" for _, _, action in found)


def test_a_name_found_once_is_found_at_every_mention():
    text = "举报人：刘志强，手机18602171538。\n经核查，刘志强反映的问题属实。\n特此告知刘志强。"
    found = [f for f in review_text(text).findings if f.text == "刘志强"]
    assert len(found) == 3
    assert {f.action for f in found} == {"redact"}


@pytest.mark.parametrize("name,expected", [("欧阳娜娜", ("欧阳", "娜娜")), ("王刚", ("王", "刚")), ("乙方", ("", "乙方"))])
def test_split_surname_tries_compound_surnames_first(name, expected):
    assert split_surname(name) == expected


def test_name_at_decides_where_a_name_ends():
    lexicon = load_lexicon(DEFAULT_RULES_DIR)
    assert name_at("刘洋于2023年", 0, lexicon) == (2, False)
    assert name_at("张三丰于2023年", 0, lexicon) == (3, False)
    assert name_at("王某某", 0, lexicon) == (3, True)
    assert name_at("应在收到", 0, lexicon) is None


@pytest.mark.parametrize("text,expected", [
    ("Dear Ms. Hannah Keller, thank you.", "Hannah Keller"),
    ("To: Mr. Daniel O'Brien, Regional EHS Director", "Daniel O'Brien"),
    ("Name: John Smith", "John Smith"),
    ("Applicant: Dr. Samuel Okafor, Research Fellow", "Samuel Okafor"),
    ("Yours sincerely,\nJane Doe", "Jane Doe"),
])
def test_english_names_from_cues(text, expected):
    assert expected in [n for n, _, _ in names(text)]


def test_english_name_in_an_email_local_part_is_searched_elsewhere():
    found = names("Please write to jane.doe@example.org for details.\nWe spoke with Jane Doe yesterday about it.")
    assert "Jane Doe" in [n for n, _, _ in found]


def test_english_officials_are_kept():
    found = names("Contact: Mr. Lu Chenghao, Information Disclosure Office, tel. +86 21 2311 5032")
    assert found == [("Lu Chenghao", "official", "none")]


@pytest.mark.parametrize("text", [
    "评价涉及的核电厂文件和记录应包括（但不限于）：安全记录。",
    "7 评价记录和报告",
    "报告和记录应保证真实性。",
])
def test_weak_cues_need_a_separator_before_a_name(text):
    """记录 / 参加 / 主持 are ordinary words: 记录和报告 does not introduce the name 和报告."""
    assert not [f for f in review_text(text).findings if f.entity_type == "PERSON"]


def test_weak_cue_with_a_colon_still_introduces_a_name():
    found = [f.text for f in review_text("会议记录：欧阳明华").findings if f.entity_type == "PERSON"]
    assert found == ["欧阳明华"]


@pytest.mark.parametrize("text,expected", [
    ("经询问彭国华，其承认未办理环评手续。", ["彭国华"]),                      # after a verb that takes a person
    ("我局向戚立伟送达了《责令改正违法行为决定书》。", ["戚立伟"]),
    ("同楼住户简立群、种海波等人亦曾反映同一问题。", ["简立群", "种海波"]),     # person noun, 、-list, rare surnames
    ("仓库管理员种玉兰、叉车司机么建军（外包人员）予以确认。", ["种玉兰", "么建军"]),
    ("据相邻住户柏秀琴陈述，该修理部每天喷漆。", ["柏秀琴"]),
    ("王建国、李秀英、张伟三人于2024年5月联名投诉。", ["王建国", "李秀英", "张伟"]),
    ("现场负责人司马文杰、安全员上官婉清配合检查。", ["司马文杰", "上官婉清"]),  # compound surnames
    ("当事人：鲜于红梅，女，汉族", ["鲜于红梅"]),
    ("N3点位住户闻人笑笑系孕妇", ["闻人笑笑"]),
    ("涉案车辆实际所有人为宁德胜，驾驶人为其弟宁德利。", ["宁德胜", "宁德利"]),  # a kinship noun before a name
    ("执法人员当场对法定代表人之子欧阳俊杰进行了询问。", ["欧阳俊杰"]),
])
def test_names_without_a_cue_are_found_from_what_stands_around_them(text, expected):
    found = [n for n, _, _ in names(text)]
    assert [n for n in expected if n in found] == expected


@pytest.mark.parametrize("text", [
    "张家港市凤凰镇人民政府、金桥镇、王家村村委会协助调查。",   # places: a suffix after the "name"
    "王府井大街、张江高科技园区、李家村、杨浦区",
    "一、环境违法事实、证据和陈述申辩（听证）及采纳情况",       # 和 + a word jieba mistakes for a name
    "整改方式表示认可，周边居民反映良好。",                     # ordinary words starting with a surname
    "陪同人：马陆镇生态环境办公室 蔺志强",
    "根据举报线索，执法人员连夜开展排查，发现养殖粪污经明沟直接排入河道。",  # 连夜, 明沟: ordinary words
])
def test_places_and_ordinary_words_are_not_taken_for_names(text):
    assert [n for n, _, _ in names(text) if n not in ("蔺志强",)] == []


@pytest.mark.parametrize("text,name,role", [
    ("编制：辐射科 汪洋　审核：辐射科科长 郦华", "汪洋", "official"),       # staff of an office
    ("编制：辐射科 汪洋　审核：辐射科科长 郦华", "郦华", "official"),
    ("技术支撑：区环境监测站 车铭、宓丹，携带检测仪", "宓丹", "official"),  # a list shares its first name's role
    ("监测人员：淳于佳、龙腾　　审核：路晓凡", "路晓凡", "official"),      # an approval label
    ("抄送：区司法局，区司法局局长 卫家骏", "卫家骏", "official"),          # a title, then a space
    ("本报讯（记者 程露）3月28日，市生态环境局召开新闻通气会", "程露", "journalist"),
    ("我局承办人已按您留下的电话与您本人（卞雪梅，住铜川路）确认。", "卞雪梅", "private_person"),
    ("联系人：陈晓红（投诉人之女），联系电话：13916245870", "陈晓红", "complainant"),
    ("投诉人：陈先生，联系人：陈晓红，联系电话：13916245870", "陈晓红", "complainant"),
    ("联系人：王强（村民），电话13812345678", "王强", "private_person"),
    ("建设单位：上海华荣新材料有限公司，联系人：孙德明", "孙德明", "company_contact"),
    ("会议决定由王建国同志负责该项工作。", "王建国", "official"),
    ("第一组：组长 郎建国（副局长），组员 查文韬；驾驶员 伏明（车辆沪A·B7261）", "伏明", "official"),  # a roster
    ("执法人员发现驾驶员王五驾驶沪A12345号车辆倾倒渣土。", "王五", "private_person"),             # 同志: a cadre in official text
    ("法人：张明，联系电话13812345678", "张明", "legal_representative"),
    ("被询问人：单立新，身份证号码：310101198001011234", "单立新", "private_person"),  # not 询问人 (official)
])
def test_a_name_without_its_own_cue_takes_the_role_of_its_office_or_label(text, name, role):
    assert (name, role) in [(n, r) for n, r, _ in names(text)]


def test_a_surname_with_a_kinship_word_is_a_masked_reference_not_a_name():
    assert names("家住附近的退休教师周阿姨告诉记者") == [("周", "masked", "none")]


@pytest.mark.parametrize("text,expected", [
    ("The party's son, Chai Ziyang (a 16-year-old student), was helping in the workshop.", "Chai Ziyang"),
    ("He was threatened by the truck driver, Zhu Delong, after the incident.", "Zhu Delong"),
])
def test_an_english_name_in_apposition_after_who_the_person_is_is_found(text, expected):
    assert (expected, "private_person", "redact") in names(text)
