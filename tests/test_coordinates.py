"""Coordinates in decimal degrees, DMS and projected forms, with their precision and number of points."""
from __future__ import annotations

import pytest

from review.coordinates import find_in_text, metres, summarize


@pytest.mark.parametrize("text,values,decimals", [
    ("东经121.473701°，北纬31.230416°", [121.473701, 31.230416], [6, 6]),
    ("经度 121.4737 纬度 31.2304", [121.4737, 31.2304], [4, 4]),
    ("E121.4737 N31.2304", [121.4737, 31.2304], [4, 4]),
    ("31°14′22″N, 121°28′25″E", [31.2394, 121.4736], [3, 3]),
    ("北纬31度14分22.5秒", [31.2396], [4]),
    ("北纬31°14′", [31.2333], [1]),
    ("X=3456789.12 Y=512345.67", [3456789.12, 512345.67], [7, 7]),
    ("坐标（121.47, 31.23）", [121.47, 31.23], [2, 2]),
])
def test_forms_and_precision(text, values, decimals):
    found = find_in_text(text)
    assert [round(c.value, 4) for c in found] == [round(v, 4) for v in values]
    assert [c.decimals for c in found] == decimals


@pytest.mark.parametrize("text", ["温度25度", "气温25.5°C", "浓度0.035mg/L", "121.47, 31.23", "pH 7.25，COD 35.12",
                                  "活度1.85E+16", "3.70E+11Bq"])
def test_numbers_that_are_not_coordinates(text):
    assert find_in_text(text) == []


def test_a_hint_makes_bare_numbers_coordinates():
    assert [c.kind for c in find_in_text("121.473701", hinted=True)] == ["decimal"]
    assert [c.kind for c in find_in_text("3456789.12", hinted=True)] == ["projected"]
    assert find_in_text("91310115MA1K3A2B3C", hinted=True) == []  # a credit code holds digit runs


def test_axes_come_from_hemispheres_and_context_words():
    assert [c.axis for c in find_in_text("经度121.4737，纬度31.2304")] == ["x", "y"]


def test_spans_cover_the_value():
    text = "取水口位于东经121.4737°、北纬31.2304°。"
    assert [text[c.start:c.end] for c in find_in_text(text)] == ["东经121.4737°", "北纬31.2304°"]


def test_summary_counts_points_and_precise_points():
    coords = find_in_text("经度121.4737 纬度31.2304；经度121.47 纬度31.23")
    summary = summarize(coords, precise_decimals=3)
    assert (summary.values, summary.points, summary.precise_points, summary.max_decimals) == (4, 2, 1, 4)


def test_metres():
    assert (metres(2), metres(3), metres(5)) == (1110, 111, 1)
