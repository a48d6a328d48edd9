"""A normalised view of a document for recognition: what a reader sees, not how it was typed.

Chinese typing often produces full-width digits and letters (１３８１２３４５６７８), and
invisible format characters (zero-width spaces, soft hyphens, direction marks) can sit inside
a value, by accident or to defeat a scanner. Recognizers see the view; findings are mapped
back so that Finding.text stays exactly as extracted and offsets index Document.text.
"""
from __future__ import annotations

import re
from dataclasses import replace

from review.model import SEGMENT_SEPARATOR, Document, Segment

# Full-width digits and Latin letters fold one to one (offsets are unchanged). Full-width
# punctuation is left alone: rules are written with Chinese punctuation (，：（）).
FULLWIDTH = str.maketrans({chr(c): chr(c - 0xFEE0) for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                                             *range(0xFF41, 0xFF5B))})
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u2064\u2066-\u206f\ufeff]")
NEEDS_WORK = re.compile(f"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]|{INVISIBLE.pattern}")


def normalized_view(document: Document) -> tuple[Document, list[int] | None]:
    """(view, back): back[i] is the Document.text offset of view offset i; None when nothing changed."""
    if not NEEDS_WORK.search(document.text):
        return document, None
    segments, back, offset = [], [], 0
    for seg in document.segments:
        kept = [i for i, ch in enumerate(seg.text) if not INVISIBLE.match(ch)]
        if not kept:
            continue
        text = "".join(seg.text[i] for i in kept).translate(FULLWIDTH)
        boxes = tuple(seg.char_boxes[i] for i in kept) if seg.char_boxes else None
        segments.append(Segment(text, seg.location, offset, boxes))
        back.extend(seg.offset + i for i in kept)
        back.append(seg.end)  # the separator after the segment
        offset += len(text) + len(SEGMENT_SEPARATOR)
    return replace(document, segments=tuple(segments)), back


def restore(findings, document: Document, back: list[int] | None) -> list:
    """Findings on the view, moved back onto the original document text."""
    if back is None:
        return list(findings)
    text = document.text
    out = []
    for f in findings:
        start, end = back[f.start], back[f.end - 1] + 1
        out.append(f.with_(start=start, end=end, text=text[start:end]))
    return out
