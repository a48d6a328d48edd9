"""Fake redaction, scanned pages and earlier revisions in PDFs (review.pdfaudit through the pipeline)."""
from __future__ import annotations

import pytest

from review import load
from review.config import Config
from review.hidden import audit
from review.pdfaudit import is_cover, luminance
from tests.loaders.builders_files import build_pdf
from tests.redact.pdf_builders import SECRET, append_revision, build_lines, build_scenario


def audited(path):
    """The hidden-content findings of a file."""
    return audit(load(path), [], Config())


def fakes(path):
    """The FAKE_REDACTION findings of a file."""
    return [f for f in audited(path) if f.entity_type == "FAKE_REDACTION"]


@pytest.mark.parametrize("scenario, expected", [
    ("black_box_over_text", [SECRET]),
    ("black_text_on_black_box", [SECRET]),
    ("dark_highlight", [SECRET]),
    ("unapplied_redact", [SECRET]),
    ("text_removed_box_drawn", []),
    ("table_rules", []),
    ("underline", []),
    ("empty_black_box", []),
    ("light_grey_cell_over_text", []),
    ("white_text_on_black_header", []),
    ("yellow_highlight", []),
])
def test_fake_redaction_found_only_where_text_is_under_a_dark_box(tmp_path, scenario, expected):
    found = fakes(build_scenario(tmp_path / f"{scenario}.pdf", scenario))
    assert [f.text for f in found] == expected


def test_fake_redaction_names_page_and_box_and_is_redact_high(tmp_path):
    (finding,) = fakes(build_scenario(tmp_path / "fake.pdf", "black_box_over_text"))
    assert (finding.location.page, finding.action, finding.severity) == (1, "redact", "high")
    x0, y0, x1, y1 = finding.location.bbox
    assert 105 < x0 < x1 < 200 and 710 < y0 < y1 < 740
    assert finding.category == "hidden_content"


def test_scanned_page_is_unverifiable(tmp_path):
    path = build_pdf(tmp_path / "scan.pdf", pages=(("第一页文字",),), image_pages=(2,))
    found = [f for f in audited(path) if f.entity_type == "UNVERIFIABLE_PAGE"]
    assert [(f.location.page, f.action) for f in found] == [(2, "review")]


def test_earlier_revision_with_removed_text_is_reported(tmp_path):
    path = append_revision(build_lines(tmp_path / "rev.pdf", ["Kept line", "Old secret 13800138000"]), ["Kept line"])
    found = [f for f in audited(path) if f.rule_id == "pdf.previous_revision"]
    assert [(f.text, f.location.layer, f.action) for f in found] == \
        [("Old secret 13800138000", "previous_revision", "redact")]


def test_revision_that_removed_nothing_is_not_reported(tmp_path):
    path = append_revision(build_lines(tmp_path / "rev.pdf", ["Kept line"]), ["Kept line", "Added line"])
    assert not [f for f in audited(path) if f.rule_id == "pdf.previous_revision"]


@pytest.mark.parametrize("colour, expected", [
    ((0,), 0.0), ((1,), 1.0), ((0, 0, 0), 0.0), ((1, 1, 1), 1.0), ((0, 0, 0, 1), 0.0), ((0, 0, 0, 0), 1.0),
    (None, None), (("pattern",), None),
])
def test_luminance(colour, expected):
    assert luminance(colour) == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("box, colour, expected", [
    ((0, 0, 80, 14), (0,), True),
    ((0, 0, 80, 14), (0.2, 0.2, 0.2), True),
    ((0, 0, 80, 14), (0.85,), False),     # shaded cell
    ((0, 0, 300, 0.75), (0,), False),     # table rule
    ((0, 0, 80, 1.5), (0,), False),       # underline
    ((0, 0, 80, 14), None, False),        # pattern fill
])
def test_is_cover(box, colour, expected):
    assert is_cover(box, colour) is expected
