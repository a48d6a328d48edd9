"""Addresses down to road, lane, number, building, unit and room; home versus company premises."""
from __future__ import annotations

import pytest

from review import review_text


def addresses(text: str) -> list[tuple[str, str | None, str]]:
    """(address, role, action) of every ADDRESS finding."""
    return [(f.text, f.role, f.action) for f in review_text(text).findings if f.entity_type == "ADDRESS"]


@pytest.mark.parametrize("text,expected", [
    ("住址：上海市浦东新区周浦镇年家浜路388弄6号502室", "上海市浦东新区周浦镇年家浜路388弄6号502室"),
    ("家住江苏省张家港市杨舍镇暨阳湖花园9幢1203室。", "江苏省张家港市杨舍镇暨阳湖花园9幢1203室"),
    ("现住址：上海市金山区朱泾镇临源街258弄4号101室", "上海市金山区朱泾镇临源街258弄4号101室"),
    ("户籍地：安徽省六安市裕安区石婆店镇新河村3组", "安徽省六安市裕安区石婆店镇新河村3组"),
    ("住上海市松江区泗泾镇泗通路98弄3号201室。", "上海市松江区泗泾镇泗通路98弄3号201室"),
])
def test_home_addresses_are_found_whole_and_redacted(text, expected):
    assert (expected, "home_address", "redact") in addresses(text)


@pytest.mark.parametrize("text,expected", [
    ("当事人：上海申闽精细化工有限公司\n法定代表人：陈国栋\n住所：上海市宝山区罗店镇罗北路1188号",
     "上海市宝山区罗店镇罗北路1188号"),
    ("经营场所：上海市松江区泗泾镇望东南路108号", "上海市松江区泗泾镇望东南路108号"),
    ("该店（普陀区梅川路1301号）油烟直排", "普陀区梅川路1301号"),
    ("到我局法规科（上海市闵行区沪闵路6258号1号楼312室）办理", "上海市闵行区沪闵路6258号1号楼312室"),
])
def test_company_and_office_addresses_are_kept(text, expected):
    found = addresses(text)
    assert [a for a, _, _ in found] == [expected]
    assert all(action == "none" for _, _, action in found)


def test_a_natural_persons_domicile_is_a_home_address():
    text = "当事人：张建国，男\n住所：上海市浦东新区周浦镇年家浜路388弄6号502室"
    assert addresses(text) == [("上海市浦东新区周浦镇年家浜路388弄6号502室", "home_address", "redact")]


@pytest.mark.parametrize("text", [
    "沪环罚〔2023〕12号", "上海市宝山区杨行镇", "依据第一百零八条第（一）项", "国发〔2019〕5号文件",
    "京ICP备12345678号",
])
def test_things_that_are_not_addresses(text):
    assert addresses(text) == []


def test_the_place_of_an_offence_is_not_a_home():
    text = "当事人张建国在上海市浦东新区周浦镇瓦屑村三组附近空地露天焚烧电缆"
    assert all(action == "none" for _, _, action in addresses(text))


def test_english_home_address_after_the_addressee():
    text = "Ms. Hannah Keller\nApartment 1502, No. 8, Lane 1255, Changning Road, Changning District, Shanghai 200051"
    assert addresses(text)[0][1:] == ("home_address", "redact")


@pytest.mark.parametrize("text,expected", [
    ("举报人住在浦东新区惠南镇阳光小区12幢302室。", "浦东新区惠南镇阳光小区12幢302室"),
    ("您家（上海市浦东新区周浦镇康沈路1888弄23号502室）北侧的物流公司", "上海市浦东新区周浦镇康沈路1888弄23号502室"),
    ("伍某（男，1958年生，宝山区顾村镇菊泉街588弄32号201室）反映异味", "宝山区顾村镇菊泉街588弄32号201室"),
    ("游春生，系罗泾镇新陆村8组21号村民，反映村内问题", "罗泾镇新陆村8组21号"),
    ("敏感点：天山路1800弄12号504室（居民闻人笑笑家）卧室", "天山路1800弄12号504室"),
    ("户籍地：安徽省阜阳市颍州区西湖镇李庄村王小庄队18号", "安徽省阜阳市颍州区西湖镇李庄村王小庄队18号"),
    ("么某今年67岁，家住新叶村东组，因病行动不便", "新叶村东组"),            # a group named by direction
    ("The farmer, Mr. Bao Youcai, 61, of Group 7, Yuanxiang Village, Tinglin Town, told reporters",
     "Group 7, Yuanxiang Village, Tinglin Town"),
    ("who lives in Room 2101, Block 3, Lane 99, Huanke Road, Pudong. Please", "Room 2101, Block 3, Lane 99, Huanke Road, Pudong"),
])
def test_homes_are_recognised_by_cue_bracket_or_what_follows(text, expected):
    assert (expected, "home_address", "redact") in addresses(text)


@pytest.mark.parametrize("text,expected", [
    ("legal representative: Mr. Shen Jianguo; registered address: No. 1288 Tingwei Road, Jinshan District) for",
     "No. 1288 Tingwei Road, Jinshan District"),
])
def test_a_company_address_in_english_is_kept(text, expected):
    assert (expected, "company_address", "none") in addresses(text)


@pytest.mark.parametrize("text,expected,role", [
    ("当事人住所：上海市崇明区堡镇米行村1258号", "上海市崇明区堡镇米行村1258号", "home_address"),   # no company party
    ("当事人：上海申闽精细化工有限公司\n当事人住所：上海市宝山区罗店镇罗北路1188号", "上海市宝山区罗店镇罗北路1188号",
     "company_address"),
    ("住所地：浙江省嘉兴市平湖市当湖街道东湖大道1088号2幢1单元502室", "浙江省嘉兴市平湖市当湖街道东湖大道1088号2幢1单元502室",
     "company_address"),
])
def test_a_party_label_before_a_neutral_cue_decides_home_or_company(text, expected, role):
    assert expected in [a for a, r, _ in addresses(text) if r == role]
