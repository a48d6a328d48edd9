"""`redact_file` on text, CSV and xlsx: masked values; hidden sheets, hidden cells and comments removed."""
from __future__ import annotations

import openpyxl

from review.redact import redact_file
from tests.loaders.builders_files import build_csv, build_text, build_xlsx

PHONE, MASK = "13812345678", "138****5678"


def test_text_masked_and_written_as_utf8(tmp_path):
    src = build_text(tmp_path / "in.txt", f"第一行\n联系电话：{PHONE}\n再次：{PHONE}\n", encoding="gb18030")
    result = redact_file(src, tmp_path / "out.txt")
    assert result.output.read_text(encoding="utf-8") == f"第一行\n联系电话：{MASK}\n再次：{MASK}\n"
    assert result.redacted == 2 and any("UTF-8" in n for n in result.notes)


def test_value_split_by_spaces_is_masked(tmp_path):
    src = build_text(tmp_path / "in.md", f"电话 {PHONE}；又写作 138 1234 5678。\n")
    text = redact_file(src, tmp_path / "out.md").output.read_text(encoding="utf-8")
    assert text.count(MASK) == 2 and "5678。" not in text.replace(MASK, "")


def test_csv_cells_masked(tmp_path):
    src = build_csv(tmp_path / "in.csv", [("姓名", "电话"), ("某人", PHONE)])
    out = redact_file(src, tmp_path / "out.csv").output
    assert out.read_text(encoding="utf-8").splitlines() == ["姓名,电话", f"某人,{MASK}"]


def test_xlsx_cells_masked_hidden_parts_and_comments_removed(tmp_path):
    src = build_xlsx(tmp_path / "in.xlsx", rows=(("姓名", "电话"), ("某人", PHONE), ("隐藏行", "内部备注")),
                     hidden_rows=(3,), hidden_sheets={"底稿": [("内部", "底稿内容")]},
                     comments=(("A1", "赵六", "批注内容"),))
    out = redact_file(src, tmp_path / "out.xlsx").output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Sheet1"]
    sheet = book["Sheet1"]
    assert sheet["B2"].value == MASK and sheet["A3"].value is None and sheet["A1"].comment is None


def test_xlsx_hidden_column_and_white_cells_emptied(tmp_path):
    src = build_xlsx(tmp_path / "in.xlsx", rows=(("姓名", "备注", "电话"), ("某人", "内部备注", "白色文字")),
                     hidden_columns=("B",), white_cells=("C2",))
    result = redact_file(src, tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(result.output)["Sheet1"]
    assert [c.value for c in sheet[2]] == ["某人", None, None]
    assert any("hidden rows/columns" in n for n in result.notes) and any("invisible" in n for n in result.notes)


def test_a_table_level_finding_never_blanks_its_span(tmp_path):
    """A reviewer's 'redact' on a record-density finding must not blank the whole table."""
    from review import review_text
    from review.model import Finding, Location
    from review.redact import plan

    report = review_text("序号\t车主\n1\t上海恒新化工有限公司\n")
    density = Finding(rule_id="aggregation.record_density", category="aggregation", entity_type="RECORD_DENSITY",
                      start=0, end=10, text=report.document.text[:10], location=Location(), score=0.9,
                      severity="medium", action="redact")
    targets = plan(report.__class__(file=report.file, document=report.document, findings=(density,)))
    assert targets == []
