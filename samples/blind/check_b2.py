"""Self-check for the second blind batch (samples/blind/b2_*): formats, occurrences, checksums.

Run: /work/main/.venv/bin/python samples/blind/check_b2.py
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
from review.entities import ENTITY_TYPES  # noqa: E402  (type names only)

README = (ROOT / "samples" / "README.md").read_text(encoding="utf-8")


def _list_after(heading: str) -> set[str]:
    block = README.split(heading, 1)[1].split("###", 1)[0]
    body = block.strip("\n").split("\n\n", 1)[0]
    return {w.strip().rstrip(".") for w in body.replace("\n", " ").split(",") if w.strip()}


DOC_TYPES = _list_after("### Document types (`doc_type`)")
ROLES = _list_after("### Roles (`role`)")
ACTIONS = {"redact", "review", "none"}
MODES = {"public", "targeted", "none"}
LANGS = {"zh", "en", "mixed"}

# Deliberately wrong check digits (a clerk's typo, still to redact); noted in the gold file.
KNOWN_BAD = {"310120199308171253"}

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
USCC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def id_ok(v: str) -> bool:
    if re.fullmatch(r"\d{15}", v):
        return True  # old ID: no check digit; date checked below
    if not re.fullmatch(r"\d{17}[\dX]", v):
        return False
    return "10X98765432"[sum(int(a) * b for a, b in zip(v, W)) % 11] == v[-1]


def luhn_ok(v: str) -> bool:
    d = [int(c) for c in re.sub(r"\D", "", v)]
    t = 0
    for i, x in enumerate(reversed(d)):
        if i % 2:
            x *= 2
            x -= 9 if x > 9 else 0
        t += x
    return t % 10 == 0 and 16 <= len(d) <= 19


def uscc_ok(v: str) -> bool:
    if len(v) != 18 or any(c not in USCC_ALPHA for c in v):
        return False
    t = sum(USCC_ALPHA.index(c) * w for c, w in zip(v, USCC_W))
    return USCC_ALPHA[(31 - t % 31) % 31] == v[-1]


def occurrences(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        before = text[i - 1] if i else ""
        after = text[i + len(needle)] if i + len(needle) < len(text) else ""
        ascii_alnum = lambda ch: ch.isascii() and ch.isalnum()  # noqa: E731
        if not (ascii_alnum(before) or ascii_alnum(after)):
            out.append(i)
        i = text.find(needle, i + 1)
    return out


def main() -> int:
    errors: list[str] = []
    counts: dict[str, list[int]] = {}
    files = sorted(HERE.glob("b2_*.gold.yaml"))
    for gold in files:
        name = gold.name
        draft = gold.with_name(name.replace(".gold.yaml", ".txt"))
        text = draft.read_text(encoding="utf-8")
        g = yaml.safe_load(gold.read_text(encoding="utf-8"))
        err = lambda m: errors.append(f"{name}: {m}")  # noqa: E731
        if g.get("doc_type") not in DOC_TYPES:
            err(f"doc_type {g.get('doc_type')}")
        if g.get("expected_mode") not in MODES:
            err("expected_mode")
        if g.get("language") not in LANGS:
            err("language")
        ranges = []
        for k, s in enumerate(g.get("spans") or [], 1):
            t = s.get("text")
            if not isinstance(t, str):
                err(f"span {k}: text not a string")
                continue
            if s.get("type") not in ENTITY_TYPES:
                err(f"span {k}: type {s.get('type')}")
            if s.get("role") not in ROLES:
                err(f"span {k}: role {s.get('role')}")
            if s.get("action") not in ACTIONS:
                err(f"span {k}: action {s.get('action')}")
            occ = occurrences(text, t)
            if not occ:
                err(f"span {k}: text does not occur")
                continue
            pick = s.get("occurrences", "all")
            if pick != "all":
                if not all(isinstance(n, int) and 1 <= n <= len(occ) for n in pick):
                    err(f"span {k}: occurrences {pick} out of 1..{len(occ)}")
                    continue
                occ = [occ[n - 1] for n in pick]
            for o in occ:
                ranges.append((o, o + len(t), k))
            typ = s.get("type")
            if typ == "CN_ID_CARD" and "*" not in t and t not in KNOWN_BAD and not id_ok(t):
                err(f"span {k}: ID check digit")
            if typ == "CN_ID_CARD" and t in KNOWN_BAD and id_ok(t):
                err(f"span {k}: listed as deliberately wrong but valid")
            if typ == "CN_BANK_CARD" and "*" not in t and not luhn_ok(t):
                err(f"span {k}: Luhn")
            if typ == "CN_USCC" and not uscc_ok(t):
                err(f"span {k}: USCC check character")
            c = counts.setdefault(typ, [0, 0, 0, 0])
            c[0] += 1
            c[["redact", "review", "none"].index(s.get("action", "none")) + 1] += 1
        ranges.sort()
        for a, b in zip(ranges, ranges[1:]):
            if b[0] < a[1] and a[2] != b[2]:
                err(f"spans {a[2]} and {b[2]} overlap")
        # crude sweep: identifier-like strings not covered by any span
        covered = lambda i, j: any(r[0] <= i and j <= r[1] for r in ranges)  # noqa: E731
        for m in re.finditer(r"(?<![\dA-Za-z])(1[3-9]\d{9}|\d{17}[\dX]|\d{15}|\d{16,19})(?![\dA-Za-z])", text):
            if not covered(m.start(), m.end()):
                print(f"  sweep {name}: uncovered {m.group()[:4]}... at {m.start()}")
    for e in errors:
        print("ERROR", e)
    print(f"{len(files)} gold files; spans per type (total/redact/review/none):")
    for typ, c in sorted(counts.items(), key=lambda x: -x[1][0]):
        print(f"  {typ:20s} {c[0]:3d} {c[1]:3d} {c[2]:3d} {c[3]:3d}")
    print("total", sum(c[0] for c in counts.values()))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
