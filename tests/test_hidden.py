"""The hidden-content audit: exactly one finding per hidden group, beside (not instead of) personal data."""
from __future__ import annotations

import pytest

from review import load, review_file
from review.config import Config
from review.hidden import audit
from tests.loaders.builders import build_docx
from tests.loaders.builders_files import build_pdf, build_xlsx

NO_PEOPLE = {"author": "", "last_modified_by": ""}


def audited(path):
    """The audit's findings for a file (the stage alone, without the rest of the pipeline)."""
    return audit(load(path), [], Config())


def hidden(path, layer=None):
    """hidden_content findings (of one layer) as (rule, layer, action) rows."""
    return [(f.rule_id, f.location.layer, f.action) for f in audited(path)
            if f.category == "hidden_content" and (layer is None or f.location.layer == layer)]


@pytest.mark.parametrize("kwargs, expected", [
    ({"comments": (("赵六", "请再核实"),)}, [("hidden.comment", "comment", "redact")]),
    ({"deleted": ("删去的原文",)}, [("hidden.tracked_deletion", "tracked_deletion", "redact")]),
    ({"inserted": ("新插入的文字",)}, [("hidden.tracked_insertion", "tracked_insertion", "review")]),
    ({"hidden": ("隐藏的文字",)}, [("hidden.hidden_text", "hidden_text", "redact")]),
    ({"invisible": ("白色的文字",)}, [("hidden.invisible_text", "invisible_text", "redact")]),
    ({"tiny": ("极小的文字",)}, [("hidden.invisible_text", "invisible_text", "redact")]),
    ({"textboxes": ("文本框文字",)}, [("hidden.textbox", "textbox", "review")]),
    ({"embedded": ("oleObject1.bin",)}, [("hidden.embedded_object", "embedded_object", "review")]),
    ({}, []),
])
def test_each_docx_hidden_layer_gives_exactly_its_finding(tmp_path, kwargs, expected):
    path = build_docx(tmp_path / "d.docx", body=("正文。",), **NO_PEOPLE, **kwargs)
    assert [row for row in hidden(path) if row[1] != "metadata"] == expected


def test_comment_finding_names_the_author(tmp_path):
    path = build_docx(tmp_path / "d.docx", comments=(("赵六", "请再核实"),), **NO_PEOPLE)
    (finding,) = [f for f in audited(path) if f.rule_id == "hidden.comment"]
    assert finding.location.author == "赵六" and dict(finding.details)["author"] == "赵六"


@pytest.mark.parametrize("kwargs, fields", [
    ({"author": "张三", "last_modified_by": "李四"}, ["core.creator", "core.last_modified_by"]),
    ({**NO_PEOPLE, "company": "某某公司", "manager": "钱七"}, ["app.company", "app.manager"]),
    ({**NO_PEOPLE, "template": r"C:\Users\zhangsan\公文.dotm"}, ["app.template"]),
    ({**NO_PEOPLE, "template": "Normal.dotm"}, []),
    ({**NO_PEOPLE, "title": "关于某事项的通知"}, []),
])
def test_personal_document_properties(tmp_path, kwargs, fields):
    path = build_docx(tmp_path / "d.docx", **kwargs)
    found = [f.location.field for f in audited(path) if f.rule_id == "hidden.metadata"]
    assert found == fields


def test_personal_data_in_a_comment_is_reported_both_ways_once(tmp_path):
    path = build_docx(tmp_path / "d.docx", comments=(("赵六", "电话13912345678"),), **NO_PEOPLE)
    findings = review_file(path).findings
    phones = [f for f in findings if f.entity_type == "CN_MOBILE"]
    comments = [f for f in findings if f.rule_id == "hidden.comment"]
    assert [f.location.layer for f in phones] == ["comment"] and len(comments) == 1


@pytest.mark.parametrize("kwargs, expected", [
    ({"hidden_rows": (2,)}, [("hidden.hidden_row", "hidden_row", "redact")]),
    ({"hidden_columns": ("B",)}, [("hidden.hidden_column", "hidden_column", "redact")]),
    ({"hidden_sheets": {"底稿": [("张三", "13812345678"), ("李四", "13912345678")]}},
     [("hidden.hidden_sheet", "hidden_sheet", "redact")]),
    ({"comments": (("A1", "赵六", "核对"),)}, [("hidden.cell_comment", "cell_comment", "redact")]),
    ({}, []),
])
def test_spreadsheet_hidden_parts(tmp_path, kwargs, expected):
    path = build_xlsx(tmp_path / "b.xlsx", **kwargs)
    assert [row for row in hidden(path) if row[1] != "metadata"] == expected


def test_pdf_annotation_and_metadata(tmp_path):
    path = build_pdf(tmp_path / "a.pdf", metadata={"Author": "张三"}, annotations=((1, "李四", "请删去此段"),))
    rows = hidden(path)
    assert ("hidden.annotation", "annotation", "redact") in rows
    assert ("hidden.metadata", "metadata", "redact") in rows


def test_pdf_attachment(tmp_path):
    from tests.redact.pdf_builders import attach, build_lines

    path = attach(build_lines(tmp_path / "a.pdf", ["Body text"]), "名单.txt", "张三 13812345678".encode())
    assert ("hidden.attachment", "attachment", "redact") in hidden(path)


COMMENTS = ('<?xml version="1.0"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:comment w:id="1" w:author="赵六"><w:p><w:r><w:t>第一条第一段</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>第一条第二段</w:t></w:r></w:p></w:comment>'
            '<w:comment w:id="2" w:author="赵六"><w:p><w:r><w:t>第二条</w:t></w:r></w:p></w:comment></w:comments>')


def test_one_finding_per_comment_not_per_paragraph(tmp_path):
    from tests.loaders.builders import build_docx_from_xml

    path = build_docx_from_xml(tmp_path / "c.docx", "<w:p><w:r><w:t>正文</w:t></w:r></w:p>",
                               {"word/comments.xml": COMMENTS.encode()})
    found = [f.text for f in audited(path) if f.rule_id == "hidden.comment"]
    assert found == ["第一条第一段\n第一条第二段", "第二条"]
