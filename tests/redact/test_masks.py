"""Masks: conventions per entity type, configurable, one mask per value, 刘某甲/刘某乙 for shared surnames."""
from __future__ import annotations

import pytest

from review.config import Config
from review.masks import mask_value, person_masks, propose
from review.model import Finding, Location


@pytest.mark.parametrize("value, entity, style, expected", [
    ("刘德华", "PERSON", None, "刘某某"),
    ("刘备", "PERSON", None, "刘某"),
    ("欧阳修", "PERSON", None, "欧阳某"),
    ("13812345678", "CN_MOBILE", None, "138****5678"),
    ("+86 138-1234-5678", "CN_MOBILE", None, "138****5678"),
    ("310101199001011234", "CN_ID_CARD", None, "310101********1234"),
    ("上海市宝山区杨行镇杨北路100弄5号", "ADDRESS", None, "上海市宝山区杨行镇***"),
    ("someone@example.com", "EMAIL_ADDRESS", None, "[已删除：电子邮箱]"),
    ("13812345678", "CN_MOBILE", "block", "[已删除：个人信息]"),
    ("13812345678", "CN_MOBILE", "label", "[已删除：手机号码]"),
    ("13812345678", "CN_MOBILE", "[电话已删除]", "[电话已删除]"),
    ("13812345678", "CN_MOBILE", "remove", ""),
])
def test_mask_value(value, entity, style, expected):
    assert mask_value(value, entity, style) == expected


@pytest.mark.parametrize("names, expected", [
    (["刘德华"], {"刘德华": "刘某某"}),
    (["刘德华", "张三", "刘备", "刘德华"], {"刘德华": "刘某甲", "张三": "张某", "刘备": "刘某乙"}),
    (["欧阳修", "欧阳锋"], {"欧阳修": "欧阳某甲", "欧阳锋": "欧阳某乙"}),
])
def test_person_masks_tell_people_with_one_surname_apart(names, expected):
    assert person_masks(names) == expected


def _finding(text, entity, start):
    return Finding("r", "personal", entity, start, start + len(text), text, Location(), 1.0, "high", "redact")


def test_propose_same_value_same_mask_and_config_override():
    findings = [_finding("刘德华", "PERSON", 0), _finding("刘备", "PERSON", 10), _finding("刘德华", "PERSON", 20),
                _finding("13812345678", "CN_MOBILE", 30)]
    masks = [f.mask for f in propose(findings, Config(masks={"CN_MOBILE": "block"}))]
    assert masks == ["刘某甲", "刘某乙", "刘某甲", "[已删除：个人信息]"]
