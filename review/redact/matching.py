"""Finding redacted values in text: compacted (white space and punctuation ignored) or as written.

The redactors and the residue check use the same matcher, so what is replaced
is exactly what the check looks for. A value edged with an ASCII letter or digit
must not run into another one (a phone number inside a longer account number
is not that phone). Many values are found in one pass per text: values are
indexed by their first characters and located with str.find / bytes.find.
"""
from __future__ import annotations

import unicodedata

# Shorter values cannot be searched for without matching everywhere.
MIN_VALUE_CHARS = 2
PREFIX = 4


def _dropped(ch: str) -> bool:
    """White space and punctuation are ignored when comparing values."""
    return ch.isspace() or unicodedata.category(ch)[0] in "PSZC"


def _fold(ch: str) -> str:
    """Casefold one character, keeping it one character (so indices still line up)."""
    if "\uff10" <= ch <= "\uff5a":  # full-width digits and letters read as their ASCII forms
        ch = unicodedata.normalize("NFKC", ch)
    folded = ch.casefold()
    return folded if len(folded) == 1 else ch


def compact(text: str) -> str:
    """The text without white space and punctuation, casefolded."""
    return "".join(_fold(ch) for ch in text if not _dropped(ch))


def _word(unit) -> bool:
    """An ASCII letter or digit (a one-character str, or a byte value)."""
    if isinstance(unit, int):
        return 48 <= unit <= 57 or 65 <= unit <= 90 or 97 <= unit <= 122
    return unit.isascii() and unit.isalnum()


def _bounded(hay, start: int, end: int, value: str) -> bool:
    """Whether hay[start:end] does not run into neighbouring letters or digits where the value has them."""
    if _word(value[0]) and start > 0 and _word(hay[start - 1]):
        return False
    return not (_word(value[-1]) and end < len(hay) and _word(hay[end]))


class Haystack:
    """A text with its compacted form and the map from compacted to original positions."""

    def __init__(self, text: str):
        self.text = text
        self.kept = [i for i, ch in enumerate(text) if not _dropped(ch)]
        self.packed = "".join(_fold(text[i]) for i in self.kept)

    def span(self, pos: int, length: int) -> tuple[int, int]:
        """The original span of packed[pos:pos + length]."""
        return self.kept[pos], self.kept[pos + length - 1] + 1


class ValueIndex:
    """Values (with a payload each) indexed for one-pass search."""

    def __init__(self, pairs):
        self.pairs = [(v, p) for v, p in pairs if len(compact(v)) >= MIN_VALUE_CHARS]
        self._compacted = _index((compact(v), v, p) for v, p in self.pairs)
        self._literal = _index((v.casefold(), v, p) for v, p in self.pairs if len(v.casefold()) == len(v))
        self._bytes = _index((form, v, p) for v, p in self.pairs for form in _byte_forms(v))

    def __bool__(self) -> bool:
        return bool(self.pairs)

    def spans(self, text: str) -> list[tuple[int, int, object]]:
        """(start, end, payload) of values in `text`, compared compacted; leftmost-longest, no overlaps."""
        if not self.pairs or not text:
            return []
        hay = Haystack(text)
        out, free = [], 0
        for pos, needle, value, payload in _candidates(hay.packed, self._compacted):
            if pos < free:
                continue
            start, end = hay.span(pos, len(needle))
            if _bounded(text, start, end, needle):
                out.append((start, end, payload))
                free = pos + len(needle)
        return out

    def literal(self, text: str) -> list:
        """Payloads of values written verbatim in `text` (case-insensitive): markup, attributes."""
        folded = text.casefold()
        hay = folded if len(folded) == len(text) else text
        return [p for pos, needle, v, p in _candidates(hay, self._literal) if _bounded(hay, pos, pos + len(needle), v)]

    def in_bytes(self, data: bytes) -> list:
        """Payloads of values whose UTF-8 or UTF-16 encoding occurs in `data`."""
        return [p for pos, form, v, p in _candidates(data, self._bytes) if _bounded(data, pos, pos + len(form), v)]


def _byte_forms(value: str) -> list[bytes]:
    """Encodings a value can take inside binary parts and PDF strings."""
    return [value.encode("utf-8"), value.encode("utf-16-le"), value.encode("utf-16-be")]


def _index(entries) -> dict:
    """needle prefix -> {needle length -> {needle -> [(value, payload)]}}.

    Looking a candidate up by its exact slice keeps the search linear even when
    thousands of values share a prefix (all the mobiles starting 1380...).
    """
    index: dict = {}
    for needle, value, payload in entries:
        if len(needle) >= MIN_VALUE_CHARS:
            by_length = index.setdefault(needle[:PREFIX], {})
            by_length.setdefault(len(needle), {}).setdefault(needle, []).append((value, payload))
    return index


def _candidates(hay, index) -> list:
    """(position, needle, value, payload) of every needle occurring in hay, by position then length."""
    found = []
    for prefix, by_length in index.items():
        pos = hay.find(prefix)
        while pos >= 0:
            for length, needles in by_length.items():
                needle = hay[pos:pos + length]
                found.extend((pos, needle, v, p) for v, p in needles.get(needle, ()))
            pos = hay.find(prefix, pos + 1)
    return sorted(found, key=lambda c: (c[0], -len(c[1])))


def find_value(text: str, value: str) -> list[tuple[int, int]]:
    """Spans of `text` equal to `value` once both are compacted."""
    return [(s, e) for s, e, _ in ValueIndex([(value, None)]).spans(text)]
