"""Language of each segment from its script: Chinese (Han characters) or English (Latin words).

A Chinese document with an English paragraph gets both engines, one per
segment; a segment with a real share of both scripts gets both.
"""
from __future__ import annotations

import re

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# E-mail addresses and URLs are Latin in any language: they do not count as English words.
# ASCII only: Chinese has no spaces, so \S+ would swallow every Han character around the address.
ADDRESS_LIKE = re.compile(r"[\w.+-]+@[A-Za-z0-9.-]+|https?://[\x21-\x7e]+|www\.[\x21-\x7e]+", re.ASCII)
# A segment is English when Latin words clearly outweigh Han characters; each Latin
# word counts as two Han characters (an English word carries about as much as a two-character word).
WORD_WEIGHT = 2
# Both engines when each script has at least this many units (a bilingual line).
BOTH_MIN = 4


def script_counts(text: str) -> tuple[int, int]:
    """(Han characters, Latin words) in a text."""
    if "@" in text or "://" in text or "www." in text:
        text = ADDRESS_LIKE.sub(" ", text)
    return len(HAN.findall(text)), len(LATIN_WORD.findall(text))


def detect_languages(text: str, default: str = "zh") -> tuple[str, ...]:
    """The engines a segment needs: ("zh",), ("en",) or ("zh", "en") for bilingual text."""
    han, words = script_counts(text)
    if han == 0 and words <= 1:
        return (default,)  # a number, a code or one word: the document's language
    if han >= BOTH_MIN and words >= BOTH_MIN:
        return ("zh", "en")
    return ("en",) if words * WORD_WEIGHT > han else ("zh",)


def document_language(texts) -> str:
    """The main language of a document (for segments with no script of their own, e.g. a number)."""
    han = words = 0
    for text in texts:
        h, w = script_counts(text)
        han, words = han + h, words + w
    return "en" if words * WORD_WEIGHT > han else "zh"
