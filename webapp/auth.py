"""Login, logout, language, and the role check every route and API call goes through."""
from __future__ import annotations

import functools
import threading
import time

from flask import (Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, session,
                   url_for)

from webapp import accounts, audit, sessions
from webapp.db import get_engine, transaction
from webapp.i18n import LANGUAGES, gettext as _

bp = Blueprint("auth", __name__, url_prefix="/auth")

MAX_FAILURES, FAILURE_WINDOW = 5, 600  # 5 wrong passwords in 10 minutes lock the name for the window
MAX_TRACKED_NAMES = 10_000  # failures are kept per typed name: bound the memory a flood of made-up names can take


def load_logged_in_user() -> None:
    """before_request: g.user from the session or an API bearer token (g.token_auth)."""
    g.user, g.token_auth = None, False
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer ") and request.path.startswith("/api/"):
        g.user = accounts.user_for_token(get_engine(), header[7:].strip())
        g.token_auth = g.user is not None
        return
    user_id = session.get("user_id")
    if user_id is not None and sessions.is_live(get_engine(), session.get("sid"), user_id):
        user = accounts.get_user(get_engine(), user_id)
        g.user = user if user is not None and user.active else None


def login_required(*roles):
    """Decorator: a logged-in user whose role is one of `roles` (any role when empty)."""
    def decorator(view):
        @functools.wraps(view)
        def wrapped(**kwargs):
            if g.user is None:
                if request.path.startswith("/api/"):
                    return jsonify(error="unauthenticated"), 401
                return redirect(url_for("auth.login", next=request.path))
            if roles and g.user.role not in roles:
                abort(403)
            return view(**kwargs)
        return wrapped
    return decorator


def _failures() -> tuple[dict[str, list[float]], threading.Lock]:
    """This app's recent login failures per name (kept in memory: a restart forgets them)."""
    return current_app.extensions.setdefault("review_login_failures", ({}, threading.Lock()))


def _locked(username: str) -> bool:
    """True when this name had too many recent failures."""
    failures, lock = _failures()
    with lock:
        recent = [t for t in failures.get(username, []) if time.monotonic() - t < FAILURE_WINDOW]
        failures[username] = recent
        return len(recent) >= MAX_FAILURES


def _record_failure(username: str) -> None:
    """Count one failed login for a name."""
    failures, lock = _failures()
    with lock:
        if len(failures) >= MAX_TRACKED_NAMES:  # drop names whose failures are all outside the window
            cutoff = time.monotonic() - FAILURE_WINDOW
            for name in [n for n, times in failures.items() if not times or times[-1] < cutoff]:
                del failures[name]
        failures.setdefault(username, []).append(time.monotonic())


def _forget_failures(username: str) -> None:
    """Clear a name's failures after a successful login."""
    failures, lock = _failures()
    with lock:
        failures.pop(username, None)


def _safe_next(target: str | None) -> str:
    """Only local paths are followed after login (no open redirect).

    Browsers drop tabs and newlines inside URLs ("/\t/evil.example" becomes "//evil.example")
    and read "\\" as "/", so any whitespace, control or format character refuses the target.
    """
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and target.isprintable() and not any(c.isspace() for c in target)):
        return target
    return url_for("index")


@bp.route("/login", methods=("GET", "POST"))
def login():
    """Show the login form; on success start a fresh session and log the login."""
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        user = None if _locked(username) else accounts.authenticate(get_engine(), username, password)
        with transaction() as conn:
            audit.append(conn, username if user else "-", "login" if user else "login.failed",
                         user_sha256=None if user else audit.sha(username))
            sid = sessions.start(conn, user.id) if user else None
        if user is None:
            _record_failure(username)
            flash(_("Wrong user name or password, or the account is locked for a few minutes."), "error")
            return render_template("auth/login.html"), 401
        _forget_failures(username)  # earlier typos do not count towards a later lock
        lang = session.get("lang")
        session.clear()  # a new session id on login: no fixation
        session.update(user_id=user.id, sid=sid, lang=lang or "zh")
        session.permanent = True
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html")


@bp.route("/logout", methods=("POST",))
def logout():
    """End the session."""
    if g.user is not None:
        with transaction() as conn:
            audit.append(conn, g.user.username, "logout")
            sessions.end(conn, session.get("sid"))  # a copy of the cookie is worthless from now on
    lang = session.get("lang")
    session.clear()
    session["lang"] = lang or "zh"
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>", methods=("POST",))
def set_language(code):
    """Switch the interface language (Chinese default, English) and go back (a POST: CSRF-checked)."""
    if code in LANGUAGES:
        session["lang"] = code
    return redirect(_safe_next(request.args.get("next")))


@bp.route("/tokens", methods=("GET", "POST"))
@login_required()
def tokens():
    """Create an API token for the publishing workflow; it is shown once."""
    token = None
    if request.method == "POST":
        token = accounts.create_token(get_engine(), g.user.id, request.form.get("label", ""), g.user.username)
    return render_template("auth/tokens.html", token=token, api_base=request.host_url + "api/",
                           tokens=accounts.list_tokens(get_engine(), g.user.id))


@bp.route("/tokens/<int:token_id>/revoke", methods=("POST",))
@login_required()
def revoke_token(token_id):
    """Revoke one of your own API tokens (another user's token answers 404)."""
    if not accounts.revoke_token(get_engine(), g.user.id, token_id, g.user.username):
        abort(404)
    flash(_("Token revoked."), "info")
    return redirect(url_for("auth.tokens"))
