"""Coordinates in text: decimal degrees, degrees-minutes-seconds (31°14′22″N, 东经121度28分), and projected
metres (X=3456789.12 Y=512345.67, CGCS2000). Each carries its precision as equivalent decimal places of a
degree, so one threshold covers all forms: 0.01 deg is about 1.1 km, 1″ about 31 m, 1 m about 5 places.

A bare decimal number is a coordinate only with a hemisphere letter, a context word before it
(经度, 纬度, 坐标, 东经 ... from rules/aggregation.yaml) or a hint (a cell in a coordinate column).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

DEFAULT_CONTEXT = ("经度", "纬度", "经纬度", "坐标", "东经", "北纬", "西经", "南纬", "longitude", "latitude")
METRES_PER_DEGREE = 111_000

DMS = re.compile(
    r"(?P<pre>东经|西经|北纬|南纬|(?<![A-Za-z])[NSEW])?\s*[:：]?\s*"
    r"(?P<deg>\d{1,3})(?:\.(?P<degf>\d+))?\s*(?P<unit>[°º度])\s*"
    r"(?:(?P<min>\d{1,2})(?:\.(?P<minf>\d+))?\s*[′'’分]\s*"
    r"(?:(?P<sec>\d{1,2})(?:\.(?P<secf>\d+))?\s*(?:[″\"”]|''|′′|秒)?)?)?"
    r"\s*(?P<post>[NSEW](?![A-Za-z0-9+\-]))?(?![CF℃])")
PLAIN = re.compile(r"(?<![\d.])(?P<pre>(?<![A-Za-z])[NSEW])?\s?(?P<num>\d{1,3}\.(?P<f>\d{2,}))(?![\d.])"
                   r"(?P<post>[NSEW](?![A-Za-z0-9+\-]))?")
PROJECTED = re.compile(r"(?<![A-Za-z])(?P<axis>[XYxy])\s*[=:：]\s*(?P<num>\d{6,8}(?:\.(?P<f>\d+))?)(?![\d.])")
BARE_PROJECTED = re.compile(r"(?<![\w.])(?P<num>\d{6,8}\.(?P<f>\d+)|\d{6,8})(?![\w.])")
# What every form above must contain (a degree sign, a decimal with 2+ places, 6 digits in a row).
MAY_HOLD = re.compile(r"[°º度]|\d\.\d\d|\d{6}")
X_WORDS = ("东经", "西经", "经度", "longitude", "lon", "E", "W", "X", "x")
Y_WORDS = ("北纬", "南纬", "纬度", "latitude", "lat", "N", "S", "Y", "y")


@dataclass(frozen=True)
class Coordinate:
    """One coordinate value with its precision and its span in the text searched."""

    kind: str  # "decimal", "dms" or "projected"
    axis: str | None  # "x" (east, longitude) or "y" (north, latitude) when known
    value: float
    decimals: int  # equivalent decimal places of a degree
    start: int
    end: int


def metres(decimals: int) -> int:
    """The ground resolution (metres) of a precision in decimal places of a degree."""
    return max(1, round(METRES_PER_DEGREE * 10 ** -decimals))


def _axis(*hints) -> str | None:
    for hint in hints:
        if not hint:
            continue
        if hint in X_WORDS or hint.lower() in ("longitude", "lon"):
            return "x"
        if hint in Y_WORDS or hint.lower() in ("latitude", "lat"):
            return "y"
    return None


def _dms(m: re.Match) -> Coordinate | None:
    deg, minutes, sec = int(m["deg"]), m["min"], m["sec"]
    if deg > 180 or (minutes and int(minutes) >= 60) or (sec and int(sec) >= 60):
        return None
    hemisphere = m["pre"] or m["post"]
    if m["unit"] == "度" and not hemisphere and not minutes:
        return None  # 温度25度: 度 alone is not an angle
    if sec:
        resolution = 10 ** -len(m["secf"] or "") / 3600
    elif minutes:
        resolution = 10 ** -len(m["minf"] or "") / 60
    else:
        resolution = 10 ** -len(m["degf"] or "")
    value = (float(f"{deg}.{m['degf'] or 0}") + float(f"{minutes or 0}.{m['minf'] or 0}") / 60
             + float(f"{sec or 0}.{m['secf'] or 0}") / 3600)
    decimals = math.floor(-math.log10(resolution) + 1e-9)
    kind = "dms" if minutes else "decimal"
    start = m.start("pre") if m["pre"] else m.start("deg")
    return Coordinate(kind, _axis(hemisphere), value, decimals, start, m.end())


def _context_word(text: str, start: int, words, window: int) -> str | None:
    """The context word nearest before `start` within `window` characters."""
    before = text[max(0, start - window):start].lower()
    best, best_pos = None, -1
    for w in words:
        pos = before.rfind(w.lower())
        if pos > best_pos:
            best, best_pos = w, pos
    return best


def _overlaps(spans, a: int, b: int) -> bool:
    return any(s < b and a < e for s, e in spans)


def find_in_text(text: str, *, hinted: bool = False, context=DEFAULT_CONTEXT, window: int = 16,
                 axis_hint: str | None = None) -> list[Coordinate]:
    """Every coordinate in a piece of text; `hinted` when the text sits in a coordinate column."""
    if not MAY_HOLD.search(text):
        return []  # most cells and lines: one cheap search instead of four patterns
    found = [c for c in (_dms(m) for m in DMS.finditer(text)) if c is not None]
    taken = [(c.start, c.end) for c in found]
    for m in PROJECTED.finditer(text):
        if not _overlaps(taken, m.start(), m.end()):
            found.append(Coordinate("projected", _axis(m["axis"]), float(m["num"]), 5 + len(m["f"] or ""),
                                    m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for c in _plain(text, taken, hinted, context, window, axis_hint):
        found.append(c)
        taken.append((c.start, c.end))
    if hinted:
        found += [Coordinate("projected", _axis(axis_hint), float(m["num"]), 5 + len(m["f"] or ""), m.start(), m.end())
                  for m in BARE_PROJECTED.finditer(text) if not _overlaps(taken, m.start(), m.end())]
    return sorted(found, key=lambda c: c.start)


def _plain(text: str, taken, hinted: bool, context, window: int, axis_hint):
    """Bare decimal numbers that a hemisphere letter, a context word or a hint makes coordinates."""
    for m in PLAIN.finditer(text):
        if _overlaps(taken, m.start("num"), m.end("num")) or not 0 < float(m["num"]) <= 180:
            continue
        hemisphere = m["pre"] or m["post"]
        word = _context_word(text, m.start(), context, window)
        if hemisphere or word or hinted:
            start = m.start("pre") if m["pre"] else m.start("num")
            yield Coordinate("decimal", _axis(hemisphere, word, axis_hint), float(m["num"]), len(m["f"]), start, m.end())


@dataclass(frozen=True)
class Summary:
    """How many points a set of coordinates describes and how precisely."""

    values: int
    points: int
    precise_points: int
    max_decimals: int


def summarize(coordinates, precise_decimals: int) -> Summary:
    """Points (pairs of values), precise points and the finest precision of a set of coordinates."""
    coords = list(coordinates)
    if not coords:
        return Summary(0, 0, 0, 0)
    nx = sum(1 for c in coords if c.axis == "x")
    ny = sum(1 for c in coords if c.axis == "y")
    points = max(nx, ny, (len(coords) + 1) // 2)
    precise = [c for c in coords if c.decimals >= precise_decimals]
    px = sum(1 for c in precise if c.axis == "x")
    py = sum(1 for c in precise if c.axis == "y")
    precise_points = max(px, py, (len(precise) + 1) // 2) if precise else 0
    return Summary(len(coords), points, min(points, precise_points), max(c.decimals for c in coords))
