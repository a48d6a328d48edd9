"""The .xlsx loader: cells with sheet, row and column; hidden sheets, rows, columns; comments."""
from __future__ import annotations

import pytest

from tests.loaders.builders import build_xlsx
from tests.loaders.conftest import segments


@pytest.fixture
def workbook(tmp_path):
    """Sheet1 with row 3 and column C hidden, a white cell, a comment; a hidden and a very hidden sheet."""
    rows = [("姓名", "电话", "备注"), ("张三", "13812345678", "列隐藏"), ("李四", 13912345678, None),
            ("王五", 0.5, None)]
    return build_xlsx(tmp_path / "w.xlsx", rows=rows, hidden_rows=[3], hidden_columns=["C"],
                      hidden_sheets={"名单": [("赵六",)]}, very_hidden_sheets={"底稿": [(None, "钱七")]},
                      comments=[("A2", "审核员", "此人为举报人")], white_cells=["B4"])


@pytest.mark.parametrize("text, layer, sheet, row, column", [
    ("张三", "cell", "Sheet1", 2, 1),
    ("13812345678", "cell", "Sheet1", 2, 2),
    ("列隐藏", "hidden_column", "Sheet1", 2, 3),
    ("李四", "hidden_row", "Sheet1", 3, 1),
    ("13912345678", "hidden_row", "Sheet1", 3, 2),  # a number stored as a number reads without ".0"
    ("0.5", "invisible_text", "Sheet1", 4, 2),
    ("赵六", "hidden_sheet", "名单", 1, 1),
    ("钱七", "hidden_sheet", "底稿", 1, 2),
    ("此人为举报人", "cell_comment", "Sheet1", 2, 1),
])
def test_cells_are_located_and_hidden_ones_flagged(load_file, workbook, text, layer, sheet, row, column):
    found = [(loc.layer, loc.sheet, loc.row, loc.column) for t, loc in segments(load_file(workbook)) if t == text]
    assert found == [(layer, sheet, row, column)]


def test_comment_author_and_hidden_sheet_list(load_file, workbook):
    document = load_file(workbook)
    [(_, comment)] = segments(document, "cell_comment")
    assert comment.author == "审核员"
    assert document.extra("hidden_sheets") == ("名单", "底稿")
    assert document.pages == 3


def test_empty_cells_give_no_segments(load_file, tmp_path):
    document = load_file(build_xlsx(tmp_path / "e.xlsx", rows=[("甲", None, "  ", "乙")]))
    assert [(t, loc.column) for t, loc in segments(document, "cell")] == [("甲", 1), ("乙", 4)]


def test_print_header_and_footer_are_read(load_file, tmp_path):
    from openpyxl import load_workbook

    path = build_xlsx(tmp_path / "h.xlsx", rows=[("甲",)])
    wb = load_workbook(path)
    wb.active.oddHeader.center.text = "内部资料 注意保存"
    wb.active.oddFooter.right.text = "制表人：张三"
    wb.save(path)
    got = [(t, loc.layer, loc.sheet) for t, loc in segments(load_file(path)) if loc.layer in ("header", "footer")]
    assert got == [("内部资料 注意保存", "header", "Sheet1"), ("制表人：张三", "footer", "Sheet1")]


def test_a_hidden_column_range_hides_every_column_in_it(load_file, tmp_path):
    from openpyxl import load_workbook

    path = build_xlsx(tmp_path / "r.xlsx", rows=[("甲", "乙", "丙", "丁", "戊")])
    wb = load_workbook(path)
    wb.active.column_dimensions.group("B", "D", hidden=True)
    wb.save(path)
    got = [(t, loc.layer) for t, loc in segments(load_file(path)) if loc.sheet]
    assert got == [("甲", "cell"), ("乙", "hidden_column"), ("丙", "hidden_column"), ("丁", "hidden_column"),
                   ("戊", "cell")]


def test_a_chart_title_is_read(load_file, tmp_path):
    from openpyxl import load_workbook
    from openpyxl.chart import BarChart, Reference

    path = build_xlsx(tmp_path / "c.xlsx", rows=[("街道", "人数"), ("杨行镇", 2), ("张庙街道", 5)])
    wb = load_workbook(path)
    chart = BarChart()
    chart.title = "各街道投诉人数"
    chart.add_data(Reference(wb.active, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    wb.active.add_chart(chart, "D2")
    wb.save(path)
    charts = [(t, loc.layer, loc.part) for t, loc in segments(load_file(path), "chart")]
    assert ("各街道投诉人数", "chart", "xl/charts/chart1.xml") in charts
