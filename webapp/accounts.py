"""Users and API tokens: hashed passwords (werkzeug), tokens stored as SHA-256 only."""
from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from webapp import audit, sessions
from webapp.db import api_tokens, now, transaction, users

ROLES = ("drafter", "reviewer", "admin")
USERNAME = re.compile(r"^[\w.@-]{2,80}$")
MIN_PASSWORD = 8
# A hash to compare against when the user does not exist, so both paths cost the same.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class AccountError(ValueError):
    """A user or token request that cannot be honoured; the message is safe to show."""


def check_new_user(username: str, role: str, password: str) -> None:
    """Refuse bad names, unknown roles and short passwords with a readable reason."""
    if not USERNAME.fullmatch(username or ""):
        raise AccountError("user names are 2-80 letters, digits, '.', '@', '_' or '-'")
    if role not in ROLES:
        raise AccountError(f"unknown role {str(role)[:20]!r}; valid: {', '.join(ROLES)}")
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")


def add_user(engine, username: str, role: str, password: str, actor: str = "cli", method: str = "scrypt") -> int:
    """Create a user (or raise AccountError); returns the new id. `method`: werkzeug's hash method."""
    check_new_user(username, role, password)
    with transaction(engine) as conn:
        if conn.execute(select(users.c.id).where(users.c.username == username)).first():
            raise AccountError(f"user {username!r} already exists")
        new_id = conn.execute(users.insert().values(
            username=username, role=role, active=True, created=now(),
            password_hash=generate_password_hash(password, method))).inserted_primary_key[0]
        audit.append(conn, actor, "user.add", user=username, role=role)
    return new_id


def set_password(engine, username: str, password: str, actor: str = "cli") -> None:
    """Replace a user's password and end their sessions (a disabled account stays disabled)."""
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")
    with transaction(engine) as conn:
        row = conn.execute(select(users.c.id).where(users.c.username == username)).first()
        if row is None:
            raise AccountError(f"no user {username!r}")
        conn.execute(update(users).where(users.c.id == row.id).values(password_hash=generate_password_hash(password)))
        sessions.end_all(conn, row.id)  # whoever knew the old password is logged out too
        audit.append(conn, actor, "user.password", user=username)


def set_active(engine, user_id: int, active: bool, actor: str) -> None:
    """Enable or disable an account (disabled accounts cannot log in or use tokens)."""
    with transaction(engine) as conn:
        done = conn.execute(update(users).where(users.c.id == user_id).values(active=active))
        if not done.rowcount:
            raise AccountError("no such user")
        if not active:
            sessions.end_all(conn, user_id)
        audit.append(conn, actor, "user.enable" if active else "user.disable", user_id=user_id)


def authenticate(engine, username: str, password: str):
    """The user row when the name and password match an active account, else None."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).first()
    if row is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(row.password_hash, password or "") or not row.active:
        return None
    return row


def get_user(engine, user_id: int):
    """The user row by id, or None."""
    with engine.connect() as conn:
        return conn.execute(select(users).where(users.c.id == user_id)).first()


def list_users(engine) -> list:
    """Every user, by name."""
    with engine.connect() as conn:
        return list(conn.execute(select(users).order_by(users.c.username)))


def token_digest(token: str) -> str:
    """What the database keeps of a token: its SHA-256 (tokens are random, so no salt is needed)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(engine, user_id: int, label: str, actor: str) -> str:
    """A new API token for a user; the plaintext is returned once and never stored."""
    token = "rv_" + secrets.token_urlsafe(32)
    with transaction(engine) as conn:
        conn.execute(api_tokens.insert().values(user_id=user_id, token_hash=token_digest(token),
                                                label=label[:80], created=now()))
        audit.append(conn, actor, "token.create", user_id=user_id)
    return token


def list_tokens(engine, user_id: int) -> list:
    """A user's API tokens (id, label, created), never their hashes."""
    with engine.connect() as conn:
        return list(conn.execute(select(api_tokens.c.id, api_tokens.c.label, api_tokens.c.created)
                                 .where(api_tokens.c.user_id == user_id).order_by(api_tokens.c.id)))


def revoke_token(engine, user_id: int, token_id: int, actor: str) -> bool:
    """Delete one of the user's own tokens (a leaked CMS token must die without disabling the account)."""
    with transaction(engine) as conn:
        mine = (api_tokens.c.id == token_id) & (api_tokens.c.user_id == user_id)
        done = conn.execute(api_tokens.delete().where(mine))
        if done.rowcount:
            audit.append(conn, actor, "token.revoke", user_id=user_id, token_id=token_id)
    return bool(done.rowcount)


def user_for_token(engine, token: str):
    """The active user a bearer token belongs to, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(users).join(api_tokens, api_tokens.c.user_id == users.c.id)
                           .where(api_tokens.c.token_hash == token_digest(token))).first()
    return row if row is not None and row.active else None
