"""Security-relevant vocabulary: nuclides, activities, protection words, and site terms used only as a reference."""
from __future__ import annotations

import pytest

from review.aggregation_rules import load_rules
from review.config import DEFAULT_RULES_DIR
from review.sites import hits_in

RULES = load_rules(DEFAULT_RULES_DIR)


def words(text, group):
    return [h.word for h in hits_in(text, 0, RULES) if h.group == group]


@pytest.mark.parametrize("text,found", [
    ("Co-60", ["Co-60"]), ("Co60", ["Co60"]), ("60Co", ["60Co"]), ("钴-60", ["钴-60"]), ("Cs 137", ["Cs 137"]),
    ("Ir-192源3枚", ["Ir-192"]), ("Tc-99m", ["Tc-99m"]),
    ("CO-60", []), ("Co-600", []), ("PM2.5", []), ("GB 3847-2018", []), ("沪A60123", []),
])
def test_nuclides(text, found):
    assert words(text, "nuclides") == found


@pytest.mark.parametrize("text,found", [
    ("活度3.7E+12Bq", ["3.7E+12Bq"]), ("2.22×10^12 Bq", ["2.22×10^12 Bq"]), ("100 Ci", ["100 Ci"]),
    ("5居里", ["5居里"]), ("活度（Bq）", []), ("上海City", []),
])
def test_activities(text, found):
    assert words(text, "activity") == found


@pytest.mark.parametrize("text,counted", [
    ("取水口位于东经121.4737°", True),
    ("距上海化学工业区第二水厂取水口约2.6公里", False),
    ("本项目不在饮用水水源保护区内", False),
    ("项目位于饮用水水源保护区以外", False),
    ("评价范围内无饮用水水源地", False),
    ("上海宝冶无损检测有限公司，放射源3枚", True),
])
def test_site_terms_used_only_as_a_reference_point_do_not_count(text, counted):
    kinds = {k.name for k in RULES.site_kinds}
    assert any(h.group in kinds for h in hits_in(text, 0, RULES)) == counted
