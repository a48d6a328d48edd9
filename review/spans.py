"""Span indexes: "which findings lie near this offset" by binary search instead of a scan of all findings.

Stages that look around a finding (whose is this phone? is a person named on this line?) would
otherwise compare every finding with every other one, which is quadratic in the findings of a
document. These indexes answer the same questions in O(log n + nearby).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right


def is_masked(finding) -> bool:
    """Whether a finding is an already-masked name (王某, 李××)."""
    return ("masked", "true") in finding.details


class PersonIndex:
    """Unmasked PERSON findings indexed by end (owner look-ups) and by start (same-line look-ups).

    Results follow the order of the list given, so the answers are those of a scan over it.
    """

    def __init__(self, persons):
        listed = [(i, p) for i, p in enumerate(persons) if not is_masked(p)]
        self._by_end = sorted(((p.end, i, p) for i, p in listed), key=lambda t: (t[0], t[1]))
        self._ends = [t[0] for t in self._by_end]
        self._by_start = sorted(((p.start, i, p) for i, p in listed), key=lambda t: (t[0], t[1]))
        self._starts = [t[0] for t in self._by_start]

    def ending_within(self, position: int, window: int) -> list:
        """Persons ending at most `window` characters before `position` (end <= position), in list order."""
        lo = bisect_left(self._ends, position - window)
        hi = bisect_right(self._ends, position)
        return [t[2] for t in sorted(self._by_end[lo:hi], key=lambda t: t[1])]

    def starting_near(self, position: int, distance: int) -> list:
        """Persons whose start is within `distance` characters of `position`, in list order."""
        lo = bisect_left(self._starts, position - distance)
        hi = bisect_right(self._starts, position + distance)
        return [t[2] for t in sorted(self._by_start[lo:hi], key=lambda t: t[1])]
