"""The review web app: upload drafts, review every flag, decide, sign off, export, with an audit trail.

`create_app(test_config=None)` is the factory (flaskr style); `review serve` runs it under waitress.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, g, jsonify, render_template, request

MB = 1024 * 1024
DEFAULT_DATA_DIR = "review-data"

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def open_app_for_cli(data_dir, **config) -> Flask:
    """create_app for the command line: a data dir that cannot be created or read is a usage error (exit 2)."""
    from review.errors import ReviewError

    try:
        return create_app({"DATA_DIR": str(data_dir), **config})
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ReviewError(f"{data_dir}: cannot use this data directory ({reason})") from None


def data_dir_from(value=None) -> Path:
    """The data directory: the argument, else REVIEW_DATA_DIR, else ./review-data."""
    return Path(value or os.environ.get("REVIEW_DATA_DIR") or DEFAULT_DATA_DIR).resolve()


def _secret_key(data_dir: Path) -> str:
    """REVIEW_SECRET_KEY, else a random key kept in DATA_DIR/secret_key (mode 600)."""
    if os.environ.get("REVIEW_SECRET_KEY"):
        return os.environ["REVIEW_SECRET_KEY"]
    path = data_dir / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made earlier, or by another process starting at the same time
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def default_config(data_dir: Path) -> dict:
    """Settings before the test config or environment overrides."""
    return {
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": os.environ.get("REVIEW_DATABASE_URL") or f"sqlite:///{data_dir / 'review.db'}",
        "MAX_CONTENT_LENGTH": 200 * MB,       # one request (several files)
        "MAX_FILE_BYTES": 50 * MB,            # one file
        "SECOND_SIGNOFF": os.environ.get("REVIEW_SECOND_SIGNOFF", "") in ("1", "true", "yes"),
        "WORKER": "thread",                   # "thread" (background pool) or "sync" (tests)
        "WORKER_THREADS": 2,
        "REVIEW_CONFIG_FILE": os.environ.get("REVIEW_CONFIG"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("REVIEW_SECURE_COOKIES", "") in ("1", "true", "yes"),
        "SESSION_COOKIE_NAME": "review_session",
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
    }


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, database, worker, blueprints, security headers."""
    app = Flask(__name__)
    data_dir = data_dir_from((test_config or {}).get("DATA_DIR"))
    for sub in ("", "uploads", "exports"):
        (data_dir / sub).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(default_config(data_dir), SECRET_KEY=_secret_key(data_dir))
    if test_config:
        app.config.from_mapping(test_config)
    _init_extensions(app)
    _register_blueprints(app)
    _register_hooks(app)
    return app


def _init_extensions(app: Flask) -> None:
    """Database, engine config, i18n, worker."""
    from review.config import Config
    from webapp import db, i18n, sessions, worker  # noqa: F401  (sessions: its table must exist before create_all)

    db.init_app(app)
    app.extensions["review_config"] = Config.load(app.config["REVIEW_CONFIG_FILE"],
                                                  max_file_bytes=app.config["MAX_FILE_BYTES"])
    i18n.init_app(app)
    worker.init_app(app)


def _register_blueprints(app: Flask) -> None:
    """One blueprint per concern; auth first so the user is known before the CSRF check."""
    from webapp import admin, api, auth, csrf, documents, records, review

    app.before_request(auth.load_logged_in_user)
    csrf.init_app(app)
    for module in (auth, documents, review, records, api, admin):
        app.register_blueprint(module.bp)
    app.add_url_rule("/", endpoint="index", view_func=documents.queue)


def _register_hooks(app: Flask) -> None:
    """Security headers on every response, friendly errors (JSON under /api/)."""

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if g.get("user") is not None and request.endpoint != "static":
            # Pages, reports and downloads with drafts in them stay out of every cache (send_file's
            # default "no-cache" still lets a browser or proxy store the redacted document).
            response.headers["Cache-Control"] = "no-store"
        return response

    for code in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(code, _error_page)
    app.log_exception = _log_exception_without_message(app)


def _log_exception_without_message(app):
    """Flask's unhandled-exception log, minus the exception's message (it may quote a draft).

    The traceback's frames (files, lines, code) stay, so a bug can still be found.
    """
    import traceback

    def log_exception(exc_info) -> None:
        kind = exc_info[0].__name__ if exc_info[0] else "unknown"
        rule = request.url_rule.rule if request.url_rule else "?"
        frames = "".join(traceback.format_tb(exc_info[2]))
        app.logger.error("internal error (%s) on %s %s\n%s", kind, request.method, rule, frames)

    return log_exception


def _error_page(error):
    """An error page (or JSON for the API and fetch calls) that says what went wrong, never why in detail."""
    code = getattr(error, "code", 500) or 500
    detail = getattr(error, "description", "")
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify(error=_error_key(code, detail)), code
    return render_template("error.html", code=code, key=_error_key(code, detail)), code


def _error_key(code: int, detail: str) -> str:
    """A stable short key for an error (the template translates it)."""
    if code == 400 and detail == "csrf":
        return "csrf"
    return {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "bad_request",
            413: "too_large"}.get(code, "internal")
