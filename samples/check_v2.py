"""Check the v2_* development drafts (samples/dev/v2_*.txt) against their gold files.

Asserts: every span text occurs verbatim in the draft (an occurrence continued by an ASCII letter
or digit on either side does not count, as in the evaluation); every listed occurrence index
exists; types, roles, actions, doc types, modes and languages are from the documented vocabularies;
18-digit resident IDs have a valid mod 11-2 check digit, 15-digit IDs are well formed, and bank
cards pass Luhn.  Run: python samples/check_v2.py [-v]
"""
from __future__ import annotations

import datetime
import pathlib
import re
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
try:
    from review.entities import ENTITY_TYPES
except Exception:  # pragma: no cover - checker still useful without the package
    ENTITY_TYPES = None

DOC_TYPES = set("""penalty_decision_company penalty_decision_person eia_approval eia_announcement permit
complaint_reply informant_reward notice_to_company meeting_minutes request_for_instructions
internal_report normative_document draft_for_comment press_release list_publication typical_cases
monitoring_data work_plan inspection_record radiation_source_list english_reply other""".split())
ROLES = set("""official penalized_company company legal_representative company_contact company_address
penalized_person complainant informant witness private_person applicant_person minor home_address
hotline office_phone office_contact masked other""".split())
ACTIONS = {"redact", "review", "none"}
MODES = {"public", "targeted", "none"}
LANGS = {"zh", "en", "mixed"}
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_ok(s: str) -> bool:
    s = s.replace(" ", "")
    if len(s) == 15:
        return s.isdigit() and 1 <= int(s[8:10]) <= 12
    if len(s) != 18 or not s[:17].isdigit():
        return False
    try:
        datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return s[17].upper() == "10X98765432"[sum(int(c) * w for c, w in zip(s, W)) % 11]


def luhn_ok(s: str) -> bool:
    d = re.sub(r"[\s-]", "", s)
    if not d.isdigit() or not 16 <= len(d) <= 19:
        return False
    tot = 0
    for i, c in enumerate(reversed(d)):
        v = int(c) * (2 if i % 2 else 1)
        tot += v - 9 if v > 9 else v
    return tot % 10 == 0


def occurrences(text: str, needle: str) -> list[int]:
    out, start = [], 0
    while True:
        i = text.find(needle, start)
        if i < 0:
            return out
        before = text[i - 1] if i > 0 else ""
        after = text[i + len(needle)] if i + len(needle) < len(text) else ""
        if not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum()):
            out.append(i)
        start = i + 1


def check(verbose: bool = False) -> list[str]:
    errors: list[str] = []
    golds = sorted((HERE / "dev").glob("v2_*.gold.yaml"))
    for g in golds:
        name = g.name[: -len(".gold.yaml")]
        txts = [p for p in g.parent.glob(name + ".*") if not p.name.endswith(".gold.yaml")]
        if len(txts) != 1:
            errors.append(f"{g.name}: expected one draft, found {len(txts)}")
            continue
        text = txts[0].read_text(encoding="utf-8")
        data = yaml.safe_load(g.read_text(encoding="utf-8"))
        if data.get("doc_type") not in DOC_TYPES:
            errors.append(f"{g.name}: bad doc_type {data.get('doc_type')}")
        if data.get("expected_mode") not in MODES:
            errors.append(f"{g.name}: bad expected_mode")
        if data.get("language") not in LANGS:
            errors.append(f"{g.name}: bad language")
        for k, sp in enumerate(data.get("spans") or [], 1):
            t = str(sp["text"])
            where = f"{g.name} span {k} ({t})"
            if ENTITY_TYPES is not None and sp["type"] not in ENTITY_TYPES:
                errors.append(f"{where}: unknown type {sp['type']}")
            if sp["role"] not in ROLES:
                errors.append(f"{where}: unknown role {sp['role']}")
            if sp["action"] not in ACTIONS:
                errors.append(f"{where}: unknown action {sp['action']}")
            occ = occurrences(text, t)
            if not occ:
                errors.append(f"{where}: not found in draft")
            o = sp.get("occurrences", "all")
            if o != "all":
                for n in o:
                    if not 1 <= n <= len(occ):
                        errors.append(f"{where}: occurrence {n} of {len(occ)} does not exist")
            if sp["type"] == "CN_ID_CARD" and sp.get("role") != "masked" and not id_ok(t):
                errors.append(f"{where}: bad ID check digit")
            if sp["type"] in ("CN_BANK_CARD", "CREDIT_CARD") and sp.get("role") != "masked" and not luhn_ok(t):
                errors.append(f"{where}: bad Luhn")
            if verbose:
                print(f"  {g.name}: {sp['type']:<18} {sp['role']:<20} {sp['action']:<7} x{len(occ)} {o} {t}")
    print(f"checked {len(golds)} v2 gold files, {len(errors)} errors")
    return errors


if __name__ == "__main__":
    errs = check("-v" in sys.argv)
    for e in errs:
        print("ERROR", e)
    sys.exit(1 if errs else 0)
