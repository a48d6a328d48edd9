"""k-anonymity over quasi-identifier columns and small cells in statistics tables."""
from __future__ import annotations

from dataclasses import replace

import pytest

from review.aggregation_rules import load_rules
from review.columns import infer_layout
from review.config import DEFAULT_RULES_DIR
from review.kanon import k_anonymity, small_cells
from review.model import Document, Location
from review.tables import build_tables

RULES = load_rules(DEFAULT_RULES_DIR)


def layout_of(rows):
    pieces = [(v, Location(layer="table", table=1, row=r, column=c))
              for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1) if v]
    (table,) = build_tables(Document.build("d.docx", "docx", pieces, "0"))
    return infer_layout(table, RULES)


def microdata(rows):
    return layout_of([["编号", "所在区", "年龄", "性别", "诊断"]] + rows)


def test_rows_with_unique_quasi_identifiers_are_reported():
    common = [[str(i), "黄浦区", "40", "男", "哮喘"] for i in range(1, 7)]
    unique = [["7", "徐汇区", "83", "女", "哮喘"], ["8", "徐汇区", "41", "男", "哮喘"]]
    result = k_anonymity(microdata(common + unique), RULES)
    assert result.rows == (8, 9) and result.smallest_k == 1
    assert [c.type for c in result.columns] == ["district", "age", "sex"]


def test_a_table_where_every_combination_is_shared_by_k_rows_passes():
    rows = [[str(i), "黄浦区" if i % 2 else "徐汇区", "40", "男", "哮喘"] for i in range(1, 13)]
    assert k_anonymity(microdata(rows), RULES) is None


def test_k_is_read_from_the_rules():
    rows = [[str(i), "黄浦区" if i < 4 else "徐汇区", "40", "男", ""] for i in range(1, 9)]
    assert k_anonymity(microdata(rows), RULES) is None  # groups of 3 and 5, k = 3
    assert k_anonymity(microdata(rows), replace(RULES, k=4)).rows == (2, 3, 4)


@pytest.mark.parametrize("header", [["编号", "所在区", "检查日期", "结论"], ["编号", "单位名称", "所在区", "结论"]])
def test_combinations_that_do_not_describe_people_are_not_assessed(header):
    rows = [header] + [[str(i), f"区{i}", f"2024-01-{i:02d}", "合格"] for i in range(1, 9)]
    assert k_anonymity(layout_of(rows), RULES) is None


def test_small_counts_of_people_are_small_cells_and_totals_are_not():
    rows = [["街道", "病种", "病例数"], ["南京东路街道", "尘肺病", "12"], ["外滩街道", "尘肺病", "1"],
            ["瑞金二路街道", "噪声聋", "2"], ["打浦桥街道", "噪声聋", "0"], ["合计", "", "2"]]
    result = small_cells(layout_of(rows), RULES)
    assert result.rows == (3, 4) and [c.label() for c in result.count_columns] == ["病例数"]


def test_small_counts_of_things_are_not_small_cells():
    rows = [["街道", "检查类别", "件数"], ["南京东路街道", "废气", "12"], ["外滩街道", "废水", "1"]]
    assert small_cells(layout_of(rows), RULES) is None


def test_small_counts_next_to_person_attributes_are_small_cells():
    rows = [["年龄段", "性别", "件数"], ["20-30岁", "男", "1"], ["30-40岁", "女", "9"]]
    assert small_cells(layout_of(rows), RULES).rows == (2,)
