"""Values typed in full-width digits or split by invisible characters are still found and redacted."""
from __future__ import annotations

import pytest

from review import review_text
from review.cli import main

CASES = [
    ("联系电话１３８１２３４５６７８。", "CN_MOBILE", "１３８１２３４５６７８"),
    ("联系电话138\u200b1234\u200b5678。", "CN_MOBILE", "138\u200b1234\u200b5678"),
    ("身份证号码110101\u200d199003074518", "CN_ID_CARD", "110101\u200d199003074518"),
    ("身份证号码１１０１０１１９９００３０７４５１８", "CN_ID_CARD", "１１０１０１１９９００３０７４５１８"),
    ("当事人：张\u200b建国，男，1980年出生", "PERSON", "张\u200b建国"),
    ("联系电话13812345678\u00ad。", "CN_MOBILE", "13812345678"),
]


@pytest.mark.parametrize("text,entity,value", CASES)
def test_disguised_values_are_found_with_their_text_as_extracted(text, entity, value):
    report = review_text(text)
    found = [f for f in report.findings if f.entity_type == entity]
    assert [f.text for f in found] == [value]
    assert all(report.document.text[f.start:f.end] == f.text for f in found)


def test_a_full_width_phone_is_gone_from_the_redacted_copy(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("投诉人联系电话１３８１２３４５６７８，住址见附件。\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert main(["redact", str(draft), "-o", str(out)]) == 0
    redacted = out.read_text(encoding="utf-8")
    assert "１３８１２３４５６７８" not in redacted and "１３８****５６７８" in redacted


def test_clean_text_is_not_copied(monkeypatch):
    """The common case costs one search: no view is built when nothing needs folding."""
    from review import text_document
    from review.normalize import normalized_view

    document = text_document("联系电话13812345678。")
    view, back = normalized_view(document)
    assert view is document and back is None
