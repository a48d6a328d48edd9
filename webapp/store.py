"""Reads and writes of documents, decisions and sign-offs (SQLAlchemy Core)."""
from __future__ import annotations

import json
from dataclasses import fields

from sqlalchemy import and_, func, select, update

from review.model import Location
from webapp.db import decisions, documents, now, signoffs, users

STATUSES = ("queued", "analysing", "failed", "to_review", "awaiting_signoff", "decided", "exported")
SORTS = {"newest": documents.c.id.desc(), "oldest": documents.c.id.asc(), "name": documents.c.display_name,
         "status": documents.c.status}
_LOCATION_FIELDS = {f.name for f in fields(Location)}
QUEUE_LIMIT = 500  # rows per listing; the page and the API say when more exist (nothing disappears unnoticed)


def location_from(data: dict) -> Location:
    """Rebuild a Location from its to_dict() form."""
    values = {k: v for k, v in data.items() if k in _LOCATION_FIELDS}
    if values.get("bbox") is not None:
        values["bbox"] = tuple(values["bbox"])
    return Location(**values)


def create_document(conn, uploader_id: int, display_name: str, stored_name: str, fmt: str, size: int,
                    sha256: str) -> int:
    """Insert an uploaded draft (status queued); returns its id."""
    return conn.execute(documents.insert().values(
        uploader_id=uploader_id, display_name=display_name, stored_name=stored_name, format=fmt, size=size,
        sha256=sha256, status="queued", stage="queued", created=now())).inserted_primary_key[0]


def get_document(engine, doc_id: int):
    """One document row with the uploader's name, or None."""
    query = (select(documents, users.c.username.label("uploader"))
             .join(users, users.c.id == documents.c.uploader_id).where(documents.c.id == doc_id))
    with engine.connect() as conn:
        return conn.execute(query).first()


def list_documents(engine, user, status: str | None = None, mode: str | None = None, sort: str = "newest"):
    """The queue as this user may see it (drafters: their own), filtered and sorted."""
    query = select(documents.c.id, documents.c.display_name, documents.c.status, documents.c.stage,
                   documents.c.engine_mode, documents.c.mode, documents.c.counts_json, documents.c.created,
                   documents.c.format, documents.c.error, users.c.username.label("uploader")) \
        .join(users, users.c.id == documents.c.uploader_id)
    if user.role != "reviewer":  # drafters and admins: their own uploads only (least privilege)
        query = query.where(documents.c.uploader_id == user.id)
    if status in STATUSES:
        query = query.where(documents.c.status == status)
    if mode in ("public", "targeted", "none"):
        query = query.where(documents.c.engine_mode == mode)
    query = query.order_by(SORTS.get(sort, SORTS["newest"]))
    with engine.connect() as conn:
        return list(conn.execute(query.limit(QUEUE_LIMIT)))


def status_counts(engine, user) -> dict[str, int]:
    """How many documents per status, for the queue's filter tabs."""
    query = select(documents.c.status, func.count()).group_by(documents.c.status)
    if user.role != "reviewer":  # drafters and admins: their own uploads only (least privilege)
        query = query.where(documents.c.uploader_id == user.id)
    with engine.connect() as conn:
        return dict(conn.execute(query).all())


def set_state(conn, doc_id: int, **values) -> None:
    """Update a document's columns (status, stage, error, ...)."""
    conn.execute(update(documents).where(documents.c.id == doc_id).values(**values))


def report_of(row) -> dict:
    """The stored report (the `review check --format json` contract) of a document row."""
    return json.loads(row.report_json) if row.report_json else {}


def segments_of(row) -> list[dict]:
    """The stored segments: [{"text", "offset", "location"}]."""
    return json.loads(row.segments_json) if row.segments_json else []


def decisions_for(engine, doc_id: int) -> list:
    """The current decisions of a document, in document order."""
    with engine.connect() as conn:
        return list(conn.execute(select(decisions).where(decisions.c.document_id == doc_id)
                                 .order_by(decisions.c.start, decisions.c.rule_id)))


def upsert_decision(conn, doc_id: int, rule_id: str, text_sha256: str, start: int, end: int, **values) -> bool:
    """Record the decision for one occurrence; returns False when it was already exactly that (a double submit)."""
    where = and_(decisions.c.document_id == doc_id, decisions.c.rule_id == rule_id,
                 decisions.c.start == start, decisions.c.end == end)
    old = conn.execute(select(decisions).where(where)).first()
    if old is not None:
        same = all(getattr(old, k) == v for k, v in values.items() if k not in ("reviewer", "time"))
        if same:
            return False
        conn.execute(update(decisions).where(where).values(text_sha256=text_sha256, **values))
        return True
    conn.execute(decisions.insert().values(document_id=doc_id, rule_id=rule_id, text_sha256=text_sha256,
                                           start=start, end=end, **values))
    return True


def delete_decision(conn, doc_id: int, decision_id: int) -> bool:
    """Remove one decision (a manual redaction added by mistake)."""
    done = conn.execute(decisions.delete().where(and_(decisions.c.document_id == doc_id,
                                                      decisions.c.id == decision_id)))
    return bool(done.rowcount)


def signoffs_for(engine, doc_id: int) -> list:
    """The sign-offs of a document, step 1 first."""
    with engine.connect() as conn:
        return list(conn.execute(select(signoffs).where(signoffs.c.document_id == doc_id).order_by(signoffs.c.step)))
