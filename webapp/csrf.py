"""CSRF protection: a per-session token, required on every state-changing request.

Forms carry it in the field `csrf_token`; fetch() calls send it in the
X-CSRFToken header. Requests authenticated by an API bearer token carry no
cookie an attacker could ride on, so they are exempt.
"""
from __future__ import annotations

import hmac
import secrets

from flask import abort, g, request, session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
SESSION_KEY = "_csrf"


def csrf_token() -> str:
    """This session's token (created on first use)."""
    if SESSION_KEY not in session:
        session[SESSION_KEY] = secrets.token_urlsafe(32)
    return session[SESSION_KEY]


def protect() -> None:
    """before_request hook: refuse an unsafe request whose token is missing or wrong (400)."""
    if request.method in SAFE_METHODS or g.get("token_auth"):
        return
    expected = session.get(SESSION_KEY)
    sent = request.headers.get("X-CSRFToken") or request.form.get("csrf_token")
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        abort(400, description="csrf")


def init_app(app) -> None:
    """Register the check and the template helper."""
    app.before_request(protect)
    app.jinja_env.globals["csrf_token"] = csrf_token
