"""Masks that follow the office's conventions: 刘某某, 138****1234, 310101********1234, street level.

The same value gets the same mask throughout one document (propose() works on
all findings of a document at once).
"""
from __future__ import annotations

import re

from review.entities import mask_style_of, zh_label

ADDRESS_CUT = re.compile(r"^.*?(?:街道|镇|乡|(?<!大)街(?!道)|路(?=\d|$))")


def mask_surname(name: str) -> str:
    """刘某某 for a Chinese name (compound surnames kept whole), initial + *** for others."""
    from review.names import split_surname

    surname, given = split_surname(name)
    if surname:
        return surname + "某" * (2 if len(given) >= 2 else 1)
    return (name[:1] + "***") if name else name


def mask_keep_ends(value: str, head: int, tail: int) -> str:
    """Keep `head` leading and `tail` trailing characters, star the rest (separators dropped)."""
    compact = re.sub(r"[\s-]", "", value)
    if len(compact) <= head + tail:
        return "*" * len(compact)
    return compact[:head] + "*" * (len(compact) - head - tail) + compact[len(compact) - tail:]


def mask_address(address: str) -> str:
    """Cut an address to township/street level (上海市宝山区杨行镇); fully labelled if no such level."""
    m = ADDRESS_CUT.match(address)
    if m and m.end() < len(address):
        return m.group(0) + "***"
    return "[已删除：住址]"


def mask_value(text: str, entity_type: str, style: str | None = None) -> str:
    """The mask for one value of an entity type, by style (default: the entity's own style)."""
    style = style or mask_style_of(entity_type)
    if style == "surname":
        return mask_surname(text)
    if style == "phone":
        return mask_keep_ends(text.replace("+86", ""), 3, 4)
    if style == "id":
        return mask_keep_ends(text, 6, 4)
    if style == "keep_ends":
        return mask_keep_ends(text, 2, 2)
    if style == "address":
        return mask_address(text)
    if style.startswith("[") or style == "label" or style not in ("surname", "phone", "id", "keep_ends", "address"):
        return style if style.startswith("[") else f"[已删除：{zh_label(entity_type)}]"
    return f"[已删除：{zh_label(entity_type)}]"


def display_mask(text: str) -> str:
    """What the console shows by default for any value: first and last character only."""
    compact = text.strip()
    if len(compact) <= 2:
        return "*" * len(compact)
    if len(compact) <= 4:
        return compact[0] + "*" * (len(compact) - 1)
    return compact[0] + "*" * (len(compact) - 2) + compact[-1]


def propose(findings, config) -> list:
    """Set Finding.mask for every finding to redact, the same value getting the same mask."""
    chosen: dict[tuple[str, str], str] = {}
    out = []
    for f in findings:
        if f.action != "redact" or f.mask:
            out.append(f)
            continue
        key = (f.entity_type, f.text)
        if key not in chosen:
            chosen[key] = mask_value(f.text, f.entity_type, config.masks.get(f.entity_type))
        out.append(f.with_(mask=chosen[key]))
    return out
