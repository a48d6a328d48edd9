"""The audit log: append-only, hash-chained, free of sensitive values.

Each entry's hash is the SHA-256 of the previous entry's hash and the entry's
canonical JSON, so editing, deleting or reordering any entry breaks the chain
from that entry on. Details hold ids, rule ids and SHA-256 hashes of values and
reasons, never the text itself.
"""
from __future__ import annotations

import hashlib
import json

from sqlalchemy import select

from webapp.db import audit_log, lock_for_writing, now, nul_free

GENESIS = "0" * 64


def sha(value: str) -> str:
    """SHA-256 hex of a string: how the log refers to a reason or a file name."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def entry_hash(prev_hash: str, seq: int, time: str, actor: str, action: str, document_id, details: str) -> str:
    """The hash of one entry, chained to the previous one."""
    body = json.dumps([seq, time, actor, action, document_id, details], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def append(conn, actor: str, action: str, document_id: int | None = None, **details) -> int:
    """Append one entry inside the caller's transaction; returns its sequence number."""
    lock_for_writing(conn)  # immediate inside transaction(), which holds it; needed by callers of engine.begin()
    actor = nul_free(actor)  # hash exactly what the column stores, or verify would fail on a NUL in a login name
    last = conn.execute(select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)).first()
    seq, prev = (last.seq + 1, last.hash) if last else (1, GENESIS)
    payload = json.dumps(details, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    stamp = now()
    digest = entry_hash(prev, seq, stamp, actor, action, document_id, payload)
    conn.execute(audit_log.insert().values(seq=seq, time=stamp, actor=actor, action=action, document_id=document_id,
                                           details=payload, prev_hash=prev, hash=digest))
    return seq


def verify(conn) -> tuple[bool, int | None, int]:
    """(intact, 0-based index of the first bad entry or None, number of entries)."""
    prev, index = GENESIS, -1
    for index, row in enumerate(conn.execute(select(audit_log).order_by(audit_log.c.seq))):
        expected = entry_hash(prev, row.seq, row.time, row.actor, row.action, row.document_id, row.details)
        if row.seq != index + 1 or row.prev_hash != prev or row.hash != expected:
            return False, index, index + 1
        prev = row.hash
    return True, None, index + 1


def entries(conn, limit: int = 200, offset: int = 0, document_id: int | None = None) -> list[dict]:
    """The newest entries first, details decoded."""
    query = select(audit_log).order_by(audit_log.c.seq.desc()).limit(limit).offset(offset)
    if document_id is not None:
        query = query.where(audit_log.c.document_id == document_id)
    return [dict(row._mapping, details=json.loads(row.details)) for row in conn.execute(query)]
