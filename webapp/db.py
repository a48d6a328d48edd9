"""The database: SQLAlchemy Core tables, one engine per app, SQLite under the data dir by default.

REVIEW_DATABASE_URL points the app at PostgreSQL instead. Every write goes
through `engine.begin()` so a decision is committed before the response is sent.
"""
from __future__ import annotations

import threading
from datetime import datetime, timezone

import click
from flask import current_app
from sqlalchemy import (Boolean, Column, Float, ForeignKey, Integer, MetaData, String, Table, Text, UniqueConstraint,
                        create_engine, event)
from sqlalchemy.engine import Engine

metadata = MetaData()

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(80), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created", String(32), nullable=False),
)

api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("label", String(80), nullable=False, default=""),
    Column("created", String(32), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("uploader_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("display_name", String(255), nullable=False),
    Column("stored_name", String(80), nullable=False, unique=True),
    Column("format", String(8), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    # queued -> analysing -> to_review | failed; to_review -> awaiting_signoff -> decided -> exported
    Column("status", String(20), nullable=False, default="queued"),
    Column("stage", String(20), nullable=False, default="queued"),
    Column("error", Text),
    Column("report_json", Text),
    Column("segments_json", Text),
    Column("engine_mode", String(10)),
    Column("counts_json", Text),
    Column("analysis_ms", Float),
    Column("created", String(32), nullable=False),
    Column("analysed", String(32)),
    Column("mode", String(10)),
    Column("title", String(255)),
    Column("doc_number", String(120)),
    Column("redacted_name", String(80)),
    Column("decisions_name", String(80)),
    Column("export_note", Text),
)

# The current decision per finding occurrence; the audit log keeps the history.
decisions = Table(
    "decisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("rule_id", String(120), nullable=False),
    Column("text_sha256", String(64), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("decision", String(8), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("mask", String(200)),
    Column("legal_basis", Text, nullable=False, default=""),
    Column("reviewer", String(80), nullable=False),
    Column("time", String(32), nullable=False),
    UniqueConstraint("document_id", "rule_id", "start", "end", name="one_decision_per_occurrence"),
)

signoffs = Table(
    "signoffs", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("step", Integer, nullable=False),  # 1 reviewer's decision, 2 supervising leader
    Column("mode", String(10), nullable=False),
    Column("engine_mode", String(10)),
    Column("reasons", Text, nullable=False, default=""),
    Column("basis", Text, nullable=False, default=""),
    Column("signer", String(80), nullable=False),
    Column("time", String(32), nullable=False),
    UniqueConstraint("document_id", "step", name="one_signoff_per_step"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("time", String(32), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(40), nullable=False),
    Column("document_id", Integer),
    Column("details", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)


def now() -> str:
    """The current UTC time in ISO 8601, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL and a busy timeout so worker threads and requests coexist."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def init_app(app) -> None:
    """Create the engine for the app, create missing tables, register `flask init-db`."""
    engine = make_engine(app.config["DATABASE_URL"])
    metadata.create_all(engine)
    app.extensions["review_db"] = engine
    app.cli.add_command(init_db_command)


def get_engine() -> Engine:
    """The current app's engine."""
    return current_app.extensions["review_db"]


@click.command("init-db")
def init_db_command():
    """Create the tables (idempotent)."""
    metadata.create_all(get_engine())
    click.echo("database ready")


_write_lock = threading.RLock()


class transaction:
    """`with transaction() as conn:` one write transaction, serialised within the process.

    The audit chain needs the previous entry's hash, so appends must not interleave:
    the lock orders writers in this process, and PostgreSQL gets an advisory lock
    (see audit.append) for several processes.
    """

    def __init__(self, engine: Engine | None = None):
        self.engine = engine or get_engine()

    def __enter__(self):
        _write_lock.acquire()
        try:
            self._ctx = self.engine.begin()
            return self._ctx.__enter__()
        except BaseException:
            _write_lock.release()
            raise

    def __exit__(self, *exc):
        try:
            return self._ctx.__exit__(*exc)
        finally:
            _write_lock.release()
