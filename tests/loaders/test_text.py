"""Text and CSV loaders: encodings detected, lines and cells located."""
from __future__ import annotations

import pytest

from review.errors import CorruptFile
from tests.loaders.builders import build_csv
from tests.loaders.conftest import segments

TEXT = "关于某某区环境执法情况的通报\n\n联系人：张三，电话13812345678。\n"


@pytest.mark.parametrize("encoding, reported", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8 with BOM"), ("gb18030", "gb18030"), ("gbk", "gb18030"),
    ("utf-16", "utf-16"), ("utf-16-be", None),
])
def test_text_encodings_are_detected(tmp_path, load_file, encoding, reported):
    data = TEXT.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # big-endian with its BOM
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    document = load_file(path)
    assert [(t, loc.line) for t, loc in segments(document)] == [
        ("关于某某区环境执法情况的通报", 1), ("联系人：张三，电话13812345678。", 3)]
    if reported:
        assert dict(document.metadata)["encoding"] == reported


def test_mixed_encodings_are_refused_with_a_reason(tmp_path, load_file):
    path = tmp_path / "mixed.txt"
    path.write_bytes("第一行是UTF-8编码\n".encode("utf-8")[:-2] + "第二行是GBK编码\n".encode("gbk") + b"\xff\xfe\xfd")
    with pytest.raises(CorruptFile, match="cannot determine the text encoding") as info:
        load_file(path)
    assert "编码" not in str(info.value)


@pytest.mark.parametrize("name, delimiter, encoding", [
    ("a.csv", ",", "utf-8"), ("b.csv", ";", "gbk"), ("c.tsv", "\t", "utf-8-sig"), ("d.csv", "|", "gb18030"),
    ("e.tsv", "\t", "utf-16"),
])
def test_csv_cells_with_sniffed_delimiter(tmp_path, load_file, name, delimiter, encoding):
    rows = [("姓名", "身份证号", "地址"), ("张三", "110101199003077777", "北京市东城区某某路1号"), ("李四", "", "上海市")]
    document = load_file(build_csv(tmp_path / name, rows, delimiter=delimiter, encoding=encoding))
    got = [(t, loc.layer, loc.sheet, loc.row, loc.column) for t, loc in segments(document)]
    assert got[3:6] == [("张三", "cell", name, 2, 1), ("110101199003077777", "cell", name, 2, 2),
                        ("北京市东城区某某路1号", "cell", name, 2, 3)]
    assert ("李四", "cell", name, 3, 1) in got and len(got) == 8  # the empty cell gives no segment


def test_quoted_fields_keep_their_delimiters(tmp_path, load_file):
    document = load_file(build_csv(tmp_path / "q.csv", [("单位", "说明"), ("某公司", "甲,乙,丙")]))
    assert ("甲,乙,丙", 2, 2) in [(t, loc.row, loc.column) for t, loc in segments(document)]
