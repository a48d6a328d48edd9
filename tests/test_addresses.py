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
