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
