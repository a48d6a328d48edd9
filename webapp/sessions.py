"""Server-side login sessions, so that logging out, a password reset or disabling an account ends them.

Flask's session is a signed cookie: without a record on the server, a copy of
the cookie taken before logout would stay valid until it expires. Each login
gets a random session id; the database keeps only its SHA-256, and a request
whose id is no longer recorded is treated as logged out.
"""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import Column, ForeignKey, Integer, Table, and_, delete, select

from webapp.db import Str, metadata, now

login_sessions = Table(
    "login_sessions", metadata,
    Column("id_sha256", Str(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created", Str(32), nullable=False),
)


def _digest(sid: str) -> str:
    """What the database keeps of a session id."""
    return hashlib.sha256(sid.encode("utf-8")).hexdigest()


def start(conn, user_id: int) -> str:
    """Record a new login session for a user (inside the caller's transaction); returns its id."""
    sid = secrets.token_urlsafe(32)
    conn.execute(login_sessions.insert().values(id_sha256=_digest(sid), user_id=user_id, created=now()))
    return sid


def is_live(engine, sid, user_id) -> bool:
    """True when this session id was started for this user and not ended since."""
    if not isinstance(sid, str) or not sid:
        return False
    with engine.connect() as conn:
        row = conn.execute(select(login_sessions.c.user_id).where(login_sessions.c.id_sha256 == _digest(sid))).first()
    return row is not None and row.user_id == user_id


def end(conn, sid) -> None:
    """Forget one session (logout)."""
    if isinstance(sid, str) and sid:
        conn.execute(delete(login_sessions).where(login_sessions.c.id_sha256 == _digest(sid)))


def end_all(conn, user_id: int) -> None:
    """Forget every session of a user (password reset, account disabled)."""
    conn.execute(delete(login_sessions).where(and_(login_sessions.c.user_id == user_id)))
