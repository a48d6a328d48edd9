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


STYLES = ("surname", "phone", "id", "keep_ends", "address", "label", "block", "remove")
# Several people sharing a surname in one document: 刘某甲, 刘某乙, ... (DOMAIN.md).
ORDINALS = "甲乙丙丁戊己庚辛壬癸"


def mask_value(text: str, entity_type: str, style: str | None = None) -> str:
    """The mask for one value of an entity type, by style (default: the entity's own style).

    `style` is a style name (STYLES) or a literal replacement such as "[已删除]".
    """
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
    if style == "block":
        return "[已删除：个人信息]"
    if style == "remove":
        return ""
    if style == "label":
        return f"[已删除：{zh_label(entity_type)}]"
    return style  # a literal replacement chosen in the configuration


def person_masks(names, style: str | None = None) -> dict[str, str]:
    """Masks for distinct person names in order of appearance: 刘某某 alone, 刘某甲/刘某乙 when a surname repeats."""
    from review.names import split_surname

    distinct = list(dict.fromkeys(names))
    if style not in (None, "surname"):
        return {n: mask_value(n, "PERSON", style) for n in distinct}
    by_surname: dict[str, list[str]] = {}
    for name in distinct:
        by_surname.setdefault(split_surname(name)[0] or name, []).append(name)
    out = {}
    for surname, group in by_surname.items():
        if len(group) == 1 or not split_surname(group[0])[0]:
            out.update({n: mask_surname(n) for n in group})
            continue
        for i, name in enumerate(group):
            out[name] = surname + "某" + (ORDINALS[i] if i < len(ORDINALS) else str(i + 1))
    return out


def display_mask(text: str) -> str:
    """What the console shows by default for any value: first and last character only."""
    compact = text.strip()
    if len(compact) <= 2:
        return "*" * len(compact)
    if len(compact) <= 4:
        return compact[0] + "*" * (len(compact) - 1)
    return compact[0] + "*" * (len(compact) - 2) + compact[-1]


def _style_for(entity_type: str, config) -> str | None:
    """The configured mask style for an entity type (Config.masks), if any."""
    masks = getattr(config, "masks", None) or {}
    return masks.get(entity_type)


def mask_table(findings, config) -> dict[tuple[str, str], str]:
    """(entity type, value) -> mask for every finding to redact: one mask per value per document."""
    table: dict[tuple[str, str], str] = {}
    people = [f.text for f in findings if f.entity_type == "PERSON"]
    for name, mask in person_masks(people, _style_for("PERSON", config)).items():
        table[("PERSON", name)] = mask
    for f in findings:
        key = (f.entity_type, f.text)
        if key not in table:
            table[key] = mask_value(f.text, f.entity_type, _style_for(f.entity_type, config))
    return table


def propose(findings, config) -> list:
    """Set Finding.mask for every finding to redact, the same value getting the same mask."""
    to_mask = [f for f in findings if f.action == "redact" and not f.mask]
    table = mask_table(to_mask, config)
    return [f.with_(mask=table[(f.entity_type, f.text)]) if f.action == "redact" and not f.mask else f
            for f in findings]
