"""The residue check: independent readers, compacted comparison, and a broken redactor is caught."""
from __future__ import annotations

import shutil
import zipfile

import pytest

from review.redact import RedactionResult, ResidueError, redact_file
from review.redact.residue import check_residue, find_value
from tests.loaders.builders import build_docx, build_docx_from_xml
from tests.loaders.builders_files import build_text

PHONE = "13812345678"


@pytest.mark.parametrize("text, value, spans", [
    ("电话13812345678。", PHONE, [(2, 13)]),
    ("电话138 1234 5678。", PHONE, [(2, 15)]),
    ("电话138-1234-5678，再138.1234.5678", PHONE, [(2, 15), (17, 30)]),
    ("张 三和张三", "张三", [(0, 3), (4, 6)]),
    ("没有", PHONE, []),
    ("a", "a", []),  # a single character cannot be searched for
])
def test_find_value(text, value, spans):
    assert find_value(text, value) == spans


def test_docx_value_split_across_runs_is_residue(tmp_path):
    body = "<w:p><w:r><w:t>电话138</w:t></w:r><w:r><w:t>1234</w:t></w:r><w:r><w:t>5678</w:t></w:r></w:p>"
    hits = check_residue(build_docx_from_xml(tmp_path / "d.docx", body), [PHONE])
    assert hits and all(PHONE not in str(h) for h in hits)


def test_docx_value_in_an_attribute_is_residue(tmp_path):
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="r9" Type="x/hyperlink" Target="mailto:{PHONE}@example.com" TargetMode="External"/>'
            '</Relationships>')
    path = build_docx_from_xml(tmp_path / "d.docx", "<w:p/>", {"word/_rels/document.xml.rels": rels.encode()})
    assert [h.where for h in check_residue(path, [PHONE])] == ["word/_rels/document.xml.rels (markup)"]


def copying_writer(src, out, document, targets, options):
    """A broken redactor: writes the input unchanged."""
    shutil.copyfile(src, out)
    return RedactionResult(out, len(targets))


def leave_one_writer(src, out, document, targets, options):
    """A broken redactor: masks every value but the first."""
    from review.redact.text import write

    return write(src, out, document, targets[1:], options)


@pytest.mark.parametrize("writer", [copying_writer, leave_one_writer])
def test_broken_redactor_is_caught_and_output_deleted(tmp_path, writer):
    src = build_text(tmp_path / "in.txt", f"电话{PHONE}，另一个13987654321。\n")
    out = tmp_path / "out.txt"
    with pytest.raises(ResidueError) as caught:
        redact_file(src, out, writer=writer)
    assert not out.exists() and caught.value.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]  # no partial file either
    assert "****" in str(caught.value) and PHONE not in str(caught.value) and "13987654321" not in str(caught.value)


def test_broken_docx_redactor_is_caught(tmp_path):
    src = build_docx(tmp_path / "in.docx", body=(["电话138", "12345678"],))
    with pytest.raises(ResidueError):
        redact_file(src, tmp_path / "out.docx", writer=copying_writer)
    assert not (tmp_path / "out.docx").exists()


def test_clean_output_has_no_residue(tmp_path):
    src = build_docx(tmp_path / "in.docx", body=(f"电话{PHONE}",))
    out = redact_file(src, tmp_path / "out.docx").output
    assert zipfile.is_zipfile(out) and check_residue(out, [PHONE]) == []


@pytest.mark.parametrize("text, value, spans", [
    ("账号9913812345678001", PHONE, []),            # inside a longer number: not that value
    ("编号 123 13812345678", PHONE, [(7, 18)]),      # separated by a space: still that value
    ("Straße STRASSE", "straße", [(0, 6)]),
])
def test_find_value_boundaries(text, value, spans):
    assert find_value(text, value) == spans


def test_value_inside_a_longer_number_is_not_residue(tmp_path):
    path = build_text(tmp_path / "t.txt", f"订单号99{PHONE}001\n")
    assert check_residue(path, [PHONE]) == [] and check_residue(path, [f"99{PHONE}001"])


def test_writer_crash_leaves_nothing(tmp_path):
    def crashing_writer(src, out, document, targets, options):
        out.write_bytes(b"half")
        raise RuntimeError("disk full")
    src = build_text(tmp_path / "in.txt", f"电话{PHONE}\n")
    with pytest.raises(RuntimeError):
        redact_file(src, tmp_path / "out.txt", writer=crashing_writer)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]


def test_a_mask_that_spells_another_redacted_value_is_replaced_by_a_label():
    from review.redact import Target, unique_values

    targets = unique_values([Target("上海市宝山区杨行镇杨北路100弄", "上海市宝山区杨行镇***", "ADDRESS"),
                             Target("杨行镇", "[已删除：住址]", "ADDRESS")])
    assert [t.mask for t in targets] == ["[已删除：住址]", "[已删除：住址]"]
