"""Sanity check of the blind gold files (run: /work/main/.venv/bin/python samples/blind/check_gold.py).

For every NAME.gold.yaml beside this script: the YAML loads, the fields use the allowed vocabularies,
every span text occurs in the draft's text (for .docx: paragraphs, table cells, headers and footers),
`occurrences` indices exist, spans do not overlap, and checksummed identifiers really are valid.
A crude regex sweep then lists identifier-like strings that no gold span covers, for a human to look at.
It reads nothing outside samples/blind/ except review/entities.py (the entity type names).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from review.entities import ENTITY_TYPES  # noqa: E402

DOC_TYPES = set("""penalty_decision_company penalty_decision_person eia_approval eia_announcement permit
complaint_reply informant_reward notice_to_company meeting_minutes request_for_instructions
internal_report normative_document draft_for_comment press_release list_publication typical_cases
monitoring_data work_plan inspection_record radiation_source_list english_reply other""".split())
ROLES = set("""official penalized_company legal_representative company_contact company_address
penalized_person complainant informant witness private_person applicant_person minor home_address
hotline office_phone masked other""".split())


def docx_text(path: Path) -> str:
    from docx import Document
    d = Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.append("\t".join(c.text for c in row.cells))
    for s in d.sections:
        parts += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
    return "\n".join(parts)


def id_ok(s: str) -> bool:
    if len(s) == 15:
        return s.isdigit()
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(a) * b for a, b in zip(s[:17], w)) % 11] == s[17].upper()


def luhn_ok(s: str) -> bool:
    s = re.sub(r"\D", "", s)
    tot = 0
    for i, c in enumerate(reversed(s)):
        n = int(c) * (2 if i % 2 else 1)
        tot += n - 9 if n > 9 else n
    return tot % 10 == 0 and 16 <= len(s) <= 19


def uscc_ok(s: str) -> bool:
    ch = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    c = 31 - sum(ch.index(a) * b for a, b in zip(s[:17], w)) % 31
    return ch[0 if c == 31 else c] == s[17]


SWEEP = {
    "mobile": r"(?<!\d)(?:\+86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)",
    "id18": r"(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])",
    "email": r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    "plate": r"[沪苏浙皖京粤][A-Z][·\- ]?[A-Z0-9]{5,6}",
    "landline": r"\(?0\d{2,3}\)?[- ]?\d{4}[ -]?\d{4}",
    "birth": r"\d{4}年\d{1,2}月\d{1,2}日出生",
}


def main() -> int:
    errors = 0
    counts: dict[str, int] = {}
    n_docs = 0
    for gold in sorted(HERE.glob("*.gold.yaml")):
        stem = gold.name[: -len(".gold.yaml")]
        drafts = [p for p in HERE.glob(stem + ".*") if not p.name.endswith(".gold.yaml")]
        if len(drafts) != 1:
            print(f"ERROR {gold.name}: expected one draft, found {drafts}")
            errors += 1
            continue
        draft = drafts[0]
        text = docx_text(draft) if draft.suffix == ".docx" else draft.read_text(encoding="utf-8")
        g = yaml.safe_load(gold.read_text(encoding="utf-8"))
        n_docs += 1
        for key, allowed in (("doc_type", DOC_TYPES), ("expected_mode", {"public", "targeted", "none"}),
                             ("language", {"zh", "en", "mixed"})):
            if g.get(key) not in allowed:
                print(f"ERROR {gold.name}: {key}={g.get(key)!r}")
                errors += 1
        ranges = []
        for sp in g["spans"]:
            t = str(sp["text"])
            if sp["type"] not in ENTITY_TYPES or sp["role"] not in ROLES or sp["action"] not in {"redact", "none", "review"}:
                print(f"ERROR {gold.name}: bad vocabulary in {sp}")
                errors += 1
            if not isinstance(sp["text"], str):
                print(f"ERROR {gold.name}: text {sp['text']!r} parsed as {type(sp['text']).__name__}, quote it")
                errors += 1
            starts = [m.start() for m in re.finditer(re.escape(t), text)]
            if not starts:
                print(f"ERROR {gold.name}: {t!r} not in {draft.name}")
                errors += 1
                continue
            occ = sp.get("occurrences", "all")
            picked = starts if occ == "all" else [starts[i - 1] for i in occ if 1 <= i <= len(starts)]
            if occ != "all" and len(picked) != len(occ):
                print(f"ERROR {gold.name}: occurrences {occ} of {t!r} but only {len(starts)} found")
                errors += 1
            for s in picked:
                ranges.append((s, s + len(t), t, sp["type"]))
            counts[sp["type"]] = counts.get(sp["type"], 0) + 1
            if sp["type"] == "CN_ID_CARD" and "*" not in t and not id_ok(t):
                print(f"ERROR {gold.name}: bad ID check digit {t}")
                errors += 1
            if sp["type"] == "CN_BANK_CARD" and "*" not in t and not luhn_ok(t):
                print(f"ERROR {gold.name}: bad Luhn {t}")
                errors += 1
            if sp["type"] == "CN_USCC" and not uscc_ok(t):
                print(f"ERROR {gold.name}: bad USCC check {t}")
                errors += 1
        ranges.sort()
        for a, b in zip(ranges, ranges[1:]):
            if b[0] < a[1]:
                print(f"WARN  {gold.name}: overlapping spans {a[2]!r} and {b[2]!r}")
        for label, rx in SWEEP.items():
            for m in re.finditer(rx, text):
                if not any(s < m.end() and m.start() < e for s, e, _, _ in ranges):
                    print(f"SWEEP {gold.name}: uncovered {label} {m.group()!r}")
        print(f"ok    {gold.name}: {len(g['spans'])} spans, {len(ranges)} located occurrences")
    print(f"\n{n_docs} gold files, {errors} errors")
    for k in sorted(counts):
        print(f"  {k}: {counts[k]}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
