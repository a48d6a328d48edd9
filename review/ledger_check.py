"""What a draft adds to what was already published: new links between values (LEDGER_LINKAGE) and masked
identifiers that, combined with a differently masked published copy, show more (MASK_RECOMBINATION).

Records are turned into keyed hashes here, the same way for `review ledger add` and `review check`.
"""
from __future__ import annotations

import os
import secrets
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

from review.aggregation_findings import Context, make_finding
from review.entities import zh_label
from review.ledger import MASK_CHARS, SECRET_FILE, Hasher, Ledger, data_dir, database_errors, normalise
from review.names import split_surname

MAX_LINK_VALUES = 12  # a "record" with more values is a list, not one entity: its values are not paired
PERSON_ANCHORS = frozenset({"PERSON", "CN_ID_CARD", "CN_MOBILE"})
MAX_GROUP = 50  # masked copies compared pairwise under one identity key within a draft


@dataclass(frozen=True)
class HashedRecord:
    """One record as the ledger sees it: value hashes, pairs, and masked entries (with their values)."""

    record: object
    values: tuple  # ((hash, kind), ...)
    pairs: tuple  # (((a, kind), (b, kind)), ...) with a < b
    masks: tuple  # rows for ledger_masks
    mask_values: tuple  # ((Value, row), ...)


def ledger_url_of(config) -> str | None:
    """The ledger to consult: Config.ledger_url, else $REVIEW_LEDGER_URL; empty means none."""
    url = config.ledger_url if config.ledger_url is not None else os.environ.get("REVIEW_LEDGER_URL")
    return url or None


def secret_file_of(config) -> Path:
    """Config.ledger_secret_file, else the key under the data directory."""
    return Path(config.ledger_secret_file) if config.ledger_secret_file else data_dir() / SECRET_FILE


@lru_cache(maxsize=4)
def _open(url: str, secret_file: str) -> Ledger:
    """One connection pool per (ledger, key) for a run that checks many files."""
    return Ledger(url, Path(secret_file), create=False)


def visible_positions(text: str) -> list[int]:
    """Positions of a masked value that show a character."""
    return [i for i, ch in enumerate(text) if ch not in MASK_CHARS]


def _family(text: str) -> str:
    if len(text) == 11 and text.startswith("1"):
        return "phone"
    return "id" if len(text) in (15, 18) else f"len{len(text)}"


def _person_keys(record, hasher: Hasher) -> tuple[str | None, str | None]:
    """(name hash, surname hash) of the one person in a record, when there is exactly one."""
    people = {v.text for v in record.values if v.kind in ("PERSON", "MASKED_NAME")}
    if len(people) != 1:
        return None, None
    (who,) = people
    surname = split_surname(who.split("某", 1)[0] + "某")[0] if "某" in who else split_surname(who)[0]
    name = None if "某" in who else hasher.value("PERSON", who)
    return name, hasher.digest("surname", surname) if surname else None


def mask_entries(value, record, hasher: Hasher, anchor: int) -> list[dict]:
    """Ledger rows for one masked identifier: one per identity key (first/last `anchor` visible chars)."""
    text = normalise("MASKED_ID", value.text)
    visible = visible_positions(text)
    pattern = "".join("V" if ch not in MASK_CHARS else "*" for ch in text)
    name, surname = _person_keys(record, hasher)
    rows = []
    for side, window in (("p", range(anchor)), ("s", range(len(text) - anchor, len(text)))):
        if not all(i in visible for i in window):
            continue
        anchor_text = "".join(text[i] for i in window)
        key = hasher.digest("mask", _family(text), str(len(text)), side, anchor_text)
        positions = ",".join(f"{i}:{hasher.digest('pos', key, str(i), text[i])[:16]}" for i in visible)
        rows.append({"key_hash": key, "length": len(text), "pattern": pattern, "positions": positions,
                     "name_hash": name, "surname_hash": surname})
    return rows


def hash_record(record, hasher: Hasher, rules) -> HashedRecord:
    """The keyed hashes of one record's values, their pairs and its masked identifiers."""
    hashed: dict[str, str] = {}
    masked = []
    personal = any(v.kind in PERSON_ANCHORS for v in record.values)
    for v in record.values:
        if v.kind == "ADDRESS" and v.source == "column" and not personal:
            continue  # a company's or a site's address: public, and shared by many
        if v.kind == "MASKED_ID":
            masked += [(v, row) for row in mask_entries(v, record, hasher, rules.anchor)]
            if len(visible_positions(normalise(v.kind, v.text))) < rules.masked_link_min_visible:
                continue
        if v.kind not in rules.ledger_kinds or (v.kind == "PERSON" and "某" in v.text):
            continue
        hashed.setdefault(hasher.value(v.kind, v.text), v.kind)
    items = tuple(sorted(hashed.items()))
    pairs = ()
    if len(items) <= MAX_LINK_VALUES:
        pairs = tuple((a, b) for i, a in enumerate(items) for b in items[i + 1:])
    return HashedRecord(record, items, pairs, tuple(row for _, row in masked), tuple(masked))


def check_against_ledger(ctx: Context, config) -> list:
    """LEDGER_LINKAGE and MASK_RECOMBINATION findings for a draft."""
    ledger = _open(ledger_url_of(config), str(secret_file_of(config)))
    exclude = ledger.doc_key(ctx.document.sha256)
    hashed = [hash_record(r, ledger.hasher, ctx.rules) for r in ctx.records]
    with database_errors(ledger.url):
        return linkage_findings(ctx, ledger, hashed, exclude) + recombination_findings(ctx, ledger, hashed, exclude)


def _adjacency(rows) -> dict:
    adj: dict = defaultdict(dict)
    for r in rows:
        adj[r.a_hash][r.b_hash] = (r.b_kind, r.published)
        adj[r.b_hash][r.a_hash] = (r.a_kind, r.published)
    return adj


def new_links(hr: HashedRecord, adj: dict, pivots) -> dict:
    """(draft value, published value) pairs this record would newly connect through a shared pivot."""
    mine = dict(hr.values)
    found = {}
    for p, pk in hr.values:
        if pk not in pivots:
            continue
        for x, (xk, day) in adj.get(p, {}).items():
            if x in mine:
                continue
            for v, vk in hr.values:
                if v == p or p in adj.get(v, {}) or x in adj.get(v, {}):
                    continue  # nothing new: already published together
                found[(v, x)] = (vk, pk, xk, day)
    return found


def linkage_findings(ctx: Context, ledger: Ledger, hashed, exclude) -> list:
    """One LEDGER_LINKAGE finding per draft record that joins values past publications kept apart."""
    adj = _adjacency(ledger.links_touching({h for hr in hashed for h, _ in hr.values}, exclude))
    out = []
    for hr in hashed:
        found = new_links(hr, adj, ctx.rules.pivot_kinds)
        if found:
            out.append(_linkage_finding(ctx, hr.record, found))
    return out


def _linkage_finding(ctx: Context, record, found: dict) -> object:
    joins = sorted({f"{zh_label(vk)}→{zh_label(xk)}（经{zh_label(pk)}）" for vk, pk, xk, _ in found.values()})
    days = sorted({day.isoformat() for *_, day in found.values()})
    where = _where(ctx, record)
    pivot = "、".join(sorted({zh_label(pk) for _, pk, _, _ in found.values()}))
    mine = "、".join(sorted({zh_label(vk) for vk, _, _, _ in found.values()}))
    return make_finding(
        ctx, entity="LEDGER_LINKAGE", rule_id="aggregation.ledger_linkage", span=(record.start, record.end),
        location=record.location, text=f"{where}：与已公开文件可关联",
        explanation=f"{where}把{mine}与{pivot}放在一起；{days[0]}等已公开文件把同一{pivot}与其他信息放在一起，"
                    f"合并后可关联出：{'；'.join(joins)}。",
        details={"count": len(found), "joins": "；".join(joins), "published": ",".join(days),
                 "suggested_action": f"遮盖本记录中的{mine}或{pivot}，使其不能与已公开文件关联"},
        keys=ctx.rules.ledger_legal_basis, severity="high", rows=[record.row])


def _where(ctx: Context, record) -> str:
    if record.table is not None:
        return f"{ctx.tables[record.table].describe()}第{record.row}行"
    return f"第{record.row}行" if record.row is not None else "文中"


def _positions(text: str) -> dict[int, str]:
    return {int(i): h for i, h in (p.split(":") for p in text.split(",") if p)}


def _same_person(mine: dict, theirs) -> bool:
    """Whether two masked copies belong to one person by name (or surname when one side is masked)."""
    if mine["name_hash"] and theirs.name_hash:
        return mine["name_hash"] == theirs.name_hash
    return bool(mine["surname_hash"]) and mine["surname_hash"] == theirs.surname_hash


def combine(mine: dict, theirs, rules) -> set | None:
    """The visible positions the two copies show together, when they are one identity and show more."""
    a, b = _positions(mine["positions"]), _positions(theirs.positions)
    if mine["length"] != theirs.length:
        return None
    shared = a.keys() & b.keys()
    if any(a[i] != b[i] for i in shared) or len(shared) < rules.min_shared_visible:
        return None
    if len(shared) < rules.name_required_below and not _same_person(mine, theirs):
        return None
    union = a.keys() | b.keys()
    return union if len(union) > max(len(a), len(b)) else None


def recombination_findings(ctx: Context, ledger: Ledger, hashed, exclude) -> list:
    """MASK_RECOMBINATION for draft masked values that a published copy completes."""
    entries = [(v, row) for hr in hashed for v, row in hr.mask_values]
    by_key = defaultdict(list)
    for r in ledger.masks_under({row["key_hash"] for _, row in entries}, exclude):
        by_key[r.key_hash].append(r)
    best: dict = {}
    for value, row in entries:
        for theirs in by_key.get(row["key_hash"], ()):
            union = combine(row, theirs, ctx.rules)
            if union and len(union) > len(best.get(value.start, (None, None, set()))[2]):
                best[value.start] = (value, theirs, union)
    return [_recombination_finding(ctx, *best[k]) for k in sorted(best)]


def _recombination_finding(ctx: Context, value, theirs, union: set, *, elsewhere: str | None = None):
    """MASK_RECOMBINATION at a draft's masked value; `elsewhere` names the other copy in this draft."""
    text = normalise("MASKED_ID", value.text)
    here, length = len(visible_positions(text)), len(text)
    combined = "".join("V" if i in union else "*" for i in range(length))
    other = elsewhere or f"{theirs.published.isoformat()}已公开的同一号码"
    return make_finding(
        ctx, entity="MASK_RECOMBINATION", rule_id="aggregation.mask_recombination", span=(value.start, value.end),
        location=ctx.document.segment_at(value.start).location, text=value.text,
        explanation=f"此处遮盖后可见{here}位；{other}以不同方式遮盖（可见{theirs.pattern.count('V')}位），"
                    f"两者合并可见{len(union)}/{length}位。",
        details={"count": len(union), "length": length, "visible_here": here,
                 "visible_other": theirs.pattern.count("V"), "combined_pattern": combined,
                 "other_pattern": theirs.pattern,
                 "published": theirs.published.isoformat() if theirs.published else "",
                 "scope": "document" if elsewhere else "ledger",
                 "suggested_action": f"统一遮盖方式（与另一处相同：{theirs.pattern}），不要另行保留其他位"},
        keys=ctx.rules.ledger_legal_basis, severity="high")


def draft_recombination_findings(ctx: Context) -> list:
    """MASK_RECOMBINATION inside one draft: the same identifier masked two different ways (no ledger needed;
    the comparison runs on hashes under a throw-away key, the same code as against the ledger)."""
    hasher = Hasher(secrets.token_bytes(32))
    groups: dict = defaultdict(list)
    for record in ctx.records:
        for value in record.values:
            if value.kind == "MASKED_ID":
                for row in mask_entries(value, record, hasher, ctx.rules.anchor):
                    groups[row["key_hash"]].append((value, row))
    best: dict = {}
    for members in groups.values():
        members = members[:MAX_GROUP]  # bounded: a list of many IDs sharing a prefix is not compared pairwise
        for i, (value, row) in enumerate(members):
            for earlier, other in members[:i]:
                if earlier.start == value.start:
                    continue
                union = combine(row, SimpleNamespace(**other, published=None), ctx.rules)
                if union and len(union) > len(best.get(value.start, (None, None, set(), None))[2]):
                    best[value.start] = (value, SimpleNamespace(**other, published=None), union, earlier)
    return [_recombination_finding(ctx, v, theirs, union, elsewhere=f"本文件{_line_of(ctx, e)}的同一号码")
            for v, theirs, union, e in (best[k] for k in sorted(best))]


def _line_of(ctx: Context, value) -> str:
    loc = ctx.document.segment_at(value.start).location
    return loc.describe("zh") or "另一处"
