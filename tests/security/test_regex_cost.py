"""Hostile text cannot stall the engine: no rule's regex is quadratic on long runs of one shape.

A drafter's upload of 100,000 digits once took minutes: patterns starting with \\d+ were
retried at every position of the run. CPU time is compared between a text and one ten times
longer (a quadratic pattern costs ~100x; linear ~10x).
"""
from __future__ import annotations

import time

import pytest

from review import review_text

SHAPES = ["1", "1.", "1 ", "A", "a@", "沪A", "王建", "路1号", "温度1℃下", "X=1", "31°1′"]


def _cpu(text: str, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        review_text(text)
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("unit", SHAPES)
def test_ten_times_a_hostile_run_costs_far_less_than_a_hundred_times(unit):
    review_text(unit * 10)  # warm engines
    small = _cpu(unit * (2000 // len(unit)))
    large = _cpu(unit * (20000 // len(unit)))
    assert large <= 25 * max(small, 0.002)
