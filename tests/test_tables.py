"""Tables rebuilt from segments (docx cells, sheet cells, text laid out as a table) and their column types."""
from __future__ import annotations

import pytest

from review.aggregation_rules import load_rules
from review.columns import infer_layout, person_span
from review.config import DEFAULT_RULES_DIR
from review.model import Document, Location
from review.tables import build_tables, covered_segments, split_line

RULES = load_rules(DEFAULT_RULES_DIR)


def text_doc(lines) -> Document:
    return Document.build("t.txt", "txt", [(l, Location(layer="body", line=n)) for n, l in enumerate(lines, 1)], "0")


@pytest.mark.parametrize("line,cells", [
    ("张三\t男\t45", ["张三", "男", "45"]),
    ("张三  男    45", ["张三", "男", "45"]),
    ("| 张三 | 男 | 45 |", ["张三", "男", "45"]),
    ("张三｜男｜45", ["张三", "男", "45"]),
    ("　　第一条 为了规范管理，制定本办法。", ["第一条 为了规范管理，制定本办法。"]),
])
def test_split_line(line, cells):
    assert [line[a:b] for a, b in split_line(line)] == cells


def test_markdown_table_with_offsets_into_the_document_text():
    doc = text_doc(["名单如下：", "| 姓名 | 性别 |", "|---|---|", "| 张三 | 男 |", "| 李四 | 女 |", "以上。"])
    (table,) = build_tables(doc)
    assert [r.number for r in table.rows] == [2, 4, 5] and table.row_unit == "line"
    for row in table.rows:
        for cell in row.cells:
            assert doc.text[cell.start:cell.end] == cell.text
    assert covered_segments(doc, [table]) == {1, 3, 4}


def test_lines_with_different_cell_counts_do_not_form_one_table():
    doc = text_doc(["a\tb\tc", "d\te\tf", "g\th", "i\tj", "k\tl"])
    assert [len(t.rows) for t in build_tables(doc, min_text_rows=2)] == [2, 3]


def test_short_runs_are_not_tables():
    assert build_tables(text_doc(["经办人  张三", "日期  2024年1月1日"])) == ()


def test_docx_cells_group_by_part_and_table_and_join_paragraphs():
    loc = lambda t, r, c: Location(layer="table", table=t, row=r, column=c, part="word/document.xml")
    pieces = [("姓名", loc(1, 1, 1)), ("住址", loc(1, 1, 2)), ("张三", loc(1, 2, 1)),
              ("上海市黄浦区", loc(1, 2, 2)), ("南京东路1号", loc(1, 2, 2)), ("合计", loc(2, 1, 1))]
    doc = Document.build("d.docx", "docx", pieces, "0")
    first, second = build_tables(doc)
    assert first.rows[1].cell(2).text == "上海市黄浦区\n南京东路1号"
    assert doc.text[first.rows[1].cell(2).start:first.rows[1].cell(2).end] == "上海市黄浦区\n南京东路1号"
    assert (first.location.table, second.location.table) == (1, 2)


def test_sheet_cells_group_by_sheet_including_hidden_rows():
    pieces = [("姓名", Location(layer="cell", sheet="A", row=1, column=1)),
              ("张三", Location(layer="hidden_row", sheet="A", row=2, column=1)),
              ("x", Location(layer="cell", sheet="B", row=1, column=1))]
    a, b = build_tables(Document.build("s.xlsx", "xlsx", pieces, "0"))
    assert (a.location.sheet, len(a.rows), b.location.sheet) == ("A", 2, "B")


@pytest.mark.parametrize("header,values,expected", [
    ("姓名", ["张伟", "王芳", "李娜"], "name"),
    ("身份证号", ["110105194912310021", "310101********1234"], "id"),
    ("联系电话", ["13812345678", "021-12345678"], "phone"),
    ("号牌号码", ["沪A12345", "沪AD12345"], "plate"),
    ("车架号", ["LSVAA4182E2123456", "LFV2A21K5D4123456"], "vin"),
    ("家庭住址", ["上海市黄浦区南京东路100弄5号"], "address"),
    ("所在区", ["黄浦区", "徐汇区"], "district"),
    ("年龄", ["45", "38"], "age"),
    ("性别", ["男", "女"], "sex"),
    ("职业", ["教师", "司机"], "occupation"),
    ("出生日期", ["1980-01-02"], "birth_date"),
    ("检查日期", ["2024-01-02"], "date"),
    ("经度", ["121.473701"], "coordinate"),
    ("病例数", ["3", "12"], "count"),
    ("车主", ["上海运输有限公司", "张伟", "上海物流有限公司"], "company"),
    ("备注", ["110105194912310021", "110105194912310030"], "id"),  # value shape alone
    ("备注", ["沪A12345", "沪B54321"], "plate"),
    ("单位", ["上海运输有限公司", "上海化工厂"], "company"),
    ("活度（Bq）", ["1.85E+16", "3.70E+11"], "text"),
    ("光吸收系数", ["2.41", "3.07"], "text"),
    ("备注", ["121.473701", "31.230416"], "coordinate"),
    ("统一社会信用代码", ["91310115MA1K3A2B3C"], "text"),
])
def test_column_types_from_header_and_values(header, values, expected):
    pieces = [(header, Location(layer="table", table=1, row=1, column=1))]
    pieces += [(v, Location(layer="table", table=1, row=i, column=1)) for i, v in enumerate(values, start=2)]
    (table,) = build_tables(Document.build("d.docx", "docx", pieces, "0"))
    assert infer_layout(table, RULES).columns[1].type == expected


def test_columns_without_header_words_are_typed_by_values():
    rows = [("沪A12345", "张伟"), ("沪B22345", "王芳"), ("沪C32345", "李娜")]
    pieces = [(v, Location(layer="table", table=1, row=r, column=c))
              for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1)]
    (table,) = build_tables(Document.build("d.docx", "docx", pieces, "0"))
    layout = infer_layout(table, RULES)
    assert layout.header_row is None and [layout.columns[c].type for c in (1, 2)] == ["plate", "name"]


@pytest.mark.parametrize("cell,name", [
    ("张伟", "张伟"), ("欧阳娜娜", "欧阳娜娜"), ("个体工商户李强", "李强"), ("阿依古丽·买买提", "阿依古丽·买买提"),
    ("张某某", None), ("黄浦区", None), ("上海化工厂", None), ("合计", None), ("某某公司", None), ("13812345678", None),
])
def test_person_span(cell, name):
    span = person_span(cell, RULES)
    assert (cell[span[0]:span[1]] if span else None) == name
