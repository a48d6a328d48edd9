"""Chart parts of .docx and .xlsx packages: the text a reader sees in the chart (layer chart).

Titles (chart and axes), series names, category labels and rich-text data
labels, once each per chart, in document order. The numbers are left out: on
their own they are not text a detector can judge. The source workbook of a
chart is an embedded object and is reported as such by the format loader.
"""
from __future__ import annotations

import re
from pathlib import Path

from review.loaders.ooxml import natural_key, parse_part
from review.model import Location

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
CHART_PART = re.compile(r"^(word|xl)/charts/chart\d+\.xml$")


def chart_names(names) -> list[str]:
    """The chart parts of a package, in natural order."""
    return sorted((n for n in names if CHART_PART.match(n)), key=natural_key)


def chart_texts(root):
    """(kind, text) pairs of one chart part: title, series, category, label."""
    for title in root.iter(C + "title"):
        yield "title", "".join(t.text or "" for t in title.iter(A + "t"))
    for series in root.iter(C + "ser"):
        for tx in series.iterchildren(C + "tx"):
            yield "series", " ".join(v.text or "" for v in tx.iter(C + "v"))
        for cat in series.iterchildren(C + "cat"):
            for cache in cat.iter(C + "strCache"):
                yield from (("category", v.text or "") for v in cache.iter(C + "v"))
    for labels in root.iter(C + "dLbls"):
        yield from (("label", t.text or "") for t in labels.iter(A + "t"))


def chart_pieces(archive, names, path: Path) -> list:
    """One chart segment per distinct text of each chart part."""
    pieces = []
    for name in chart_names(names):
        seen = set()
        for kind, text in chart_texts(parse_part(archive, name, path)):
            text = " ".join(text.split())
            if text and (kind, text) not in seen:
                seen.add((kind, text))
                pieces.append((text, Location(layer="chart", part=name, field=f"chart.{kind}")))
    return pieces
