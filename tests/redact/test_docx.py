"""`redact_file` on .docx: values replaced inside runs, formatting kept, hidden layers and metadata gone."""
from __future__ import annotations

import zipfile

import pytest

from review import load, review_file
from review.redact import redact_file
from review.redact.residue import check_residue
from tests.loaders.builders import build_docx, build_docx_from_xml

PHONE, PHONE_MASK = "13812345678", "138****5678"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def texts(path, layer=None):
    """Segment texts of a loaded file (of one layer)."""
    return [s.text for s in load(path).segments if layer is None or s.location.layer == layer]


def part(path, name) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8") if name in archive.namelist() else ""


@pytest.mark.parametrize("kwargs, layer", [
    ({"body": (f"联系电话{PHONE}。",)}, "body"),
    ({"tables": ([["姓名", "电话"], ["某人", PHONE]],)}, "table"),
    ({"headers": (f"页眉{PHONE}",)}, "header"),
    ({"footers": (f"页脚{PHONE}",)}, "footer"),
    ({"footnotes": (f"脚注{PHONE}",)}, "footnote"),
    ({"textboxes": (f"文本框{PHONE}",)}, "textbox"),
])
def test_value_masked_in_every_visible_part(tmp_path, kwargs, layer):
    src = build_docx(tmp_path / "in.docx", **kwargs)
    result = redact_file(src, tmp_path / "out.docx")
    out_texts = texts(result.output, layer)
    assert any(PHONE_MASK in t for t in out_texts) and not any(PHONE in t for t in out_texts)
    assert result.redacted >= 1 and check_residue(result.output, [PHONE]) == []


@pytest.mark.parametrize("runs", [
    ["联系电话138", "1234", "5678。"],
    ["联系电话1381234567", "8。"],
    ["联系电话", "13812345678", "。"],
])
def test_span_crossing_runs(tmp_path, runs):
    src = build_docx(tmp_path / "in.docx", body=(runs,), author="", last_modified_by="")
    out = redact_file(src, tmp_path / "out.docx").output
    assert texts(out, "body") == [f"联系电话{PHONE_MASK}。"]


def test_formatting_of_the_run_is_kept(tmp_path):
    body = ('<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>电话138</w:t></w:r>'
            '<w:r><w:rPr><w:i/></w:rPr><w:t>12345678，请联系。</w:t></w:r></w:p>')
    out = redact_file(build_docx_from_xml(tmp_path / "in.docx", body), tmp_path / "out.docx").output
    from lxml import etree

    runs = etree.fromstring(part(out, "word/document.xml").encode()).findall(f".//{W}r")
    shown = [(r.findtext(f"{W}t"), r.find(f"{W}rPr/{W}b") is not None, r.find(f"{W}rPr/{W}i") is not None)
             for r in runs]
    assert shown == [(f"电话{PHONE_MASK}", True, False), ("，请联系。", False, True)]


def test_hidden_layers_and_metadata_removed(tmp_path):
    src = build_docx(tmp_path / "in.docx", body=("正文。",), comments=(("赵六", "批注内容"),),
                     deleted=("删去的原文",), inserted=("插入的文字",), hidden=("隐藏的文字",),
                     invisible=("白色的文字",), tiny=("极小的文字",), company="某某公司", manager="钱七",
                     template=r"C:\Users\zhangsan\公文.dotm", custom={"经办人": "孙八"})
    out = redact_file(src, tmp_path / "out.docx").output
    report = review_file(out)
    layers = {f.location.layer for f in report.findings if f.category == "hidden_content"}
    assert layers == set()
    assert "原有文字插入的文字" in texts(out, "body")  # insertions accepted
    everything = "".join(part(out, n) for n in zipfile.ZipFile(out).namelist() if n.endswith((".xml", ".rels")))
    for gone in ("批注内容", "删去的原文", "隐藏的文字", "白色的文字", "极小的文字", "某某公司", "钱七", "zhangsan",
                 "孙八", "张三", "李四", "王五", "赵六", "commentReference", "comments.xml"):
        assert gone not in everything, gone


def test_reject_policy_keeps_deletions_and_drops_insertions(tmp_path):
    src = build_docx(tmp_path / "in.docx", deleted=("删去的原文",), inserted=("插入的文字",))
    out = redact_file(src, tmp_path / "out.docx", tracked_changes="reject").output
    body = texts(out, "body")
    assert "保留的文字删去的原文" in body and "原有文字" in body
    assert not any("插入的文字" in t for t in texts(out))


def test_value_in_hyperlink_target_is_masked(tmp_path):
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rIdL" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'hyperlink" Target="tel:{PHONE}" TargetMode="External"/></Relationships>')
    body = f'<w:p><w:hyperlink r:id="rIdL"><w:r><w:t>电话{PHONE}</w:t></w:r></w:hyperlink></w:p>'
    src = build_docx_from_xml(tmp_path / "in.docx", body, {"word/_rels/document.xml.rels": rels.encode()})
    out = redact_file(src, tmp_path / "out.docx").output
    assert PHONE not in part(out, "word/_rels/document.xml.rels")


STYLES = ('<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          '<w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr>'
          '</w:style></w:styles>')


def test_text_hidden_through_a_style_is_removed(tmp_path):
    body = ('<w:p><w:r><w:t>可见</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Secret"/></w:rPr>'
            '<w:t>样式隐藏的文字</w:t></w:r></w:p>')
    src = build_docx_from_xml(tmp_path / "in.docx", body, {"word/styles.xml": STYLES.encode()})
    assert "样式隐藏的文字" in texts(src, "hidden_text")
    out = redact_file(src, tmp_path / "out.docx").output
    assert "样式隐藏的文字" not in part(out, "word/document.xml") and texts(out, "body") == ["可见"]


def test_white_text_on_a_dark_cell_is_kept(tmp_path):
    body = ('<w:tbl><w:tr><w:tc><w:tcPr><w:shd w:val="clear" w:fill="1F3864"/></w:tcPr><w:p><w:r><w:rPr>'
            '<w:color w:val="FFFFFF"/></w:rPr><w:t>表头</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    out = redact_file(build_docx_from_xml(tmp_path / "in.docx", body), tmp_path / "out.docx").output
    assert texts(out, "table") == ["表头"]


def test_value_split_across_drawingml_runs_is_masked(tmp_path):
    diagram = ('<?xml version="1.0"?><dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/'
               'diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt>'
               '<dgm:t><a:p><a:r><a:t>联系138</a:t></a:r><a:r><a:t>12345678</a:t></a:r></a:p></dgm:t>'
               '</dgm:pt></dgm:ptLst></dgm:dataModel>')
    body = f"<w:p><w:r><w:t>电话{PHONE}</w:t></w:r></w:p>"
    src = build_docx_from_xml(tmp_path / "in.docx", body, {"word/diagrams/data1.xml": diagram.encode()})
    out = redact_file(src, tmp_path / "out.docx").output
    assert f"联系{PHONE_MASK}" in part(out, "word/diagrams/data1.xml")


def test_package_stays_consistent(tmp_path):
    """Every internal relationship target and every content-type override names a part that exists."""
    import posixpath
    import re

    src = build_docx(tmp_path / "in.docx", comments=(("赵六", "批注"),), custom={"经办人": "孙八"},
                     footnotes=("脚注",), template="Normal.dotm", deleted=("删去",))
    out = redact_file(src, tmp_path / "out.docx").output
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        for rels in (n for n in names if n.endswith(".rels")):
            source_dir = posixpath.dirname(posixpath.dirname(rels))
            xml = archive.read(rels).decode()
            for target, mode in re.findall(r'Target="([^"]+)"(?: TargetMode="(\w+)")?', xml):
                if mode != "External":
                    part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                        posixpath.join(source_dir, target))
                    assert part in names, (rels, target)
        overrides = re.findall(r'PartName="/([^"]+)"', archive.read("[Content_Types].xml").decode())
        assert set(overrides) <= names
