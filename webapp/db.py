"""The database: SQLAlchemy Core tables, one engine per app, SQLite under the data dir by default.

REVIEW_DATABASE_URL points the app at PostgreSQL instead (docs/postgres.md). Every write goes
through `transaction()` so a decision is committed before the response is sent.
"""
from __future__ import annotations

import sys
import threading
from datetime import datetime, timezone

import click
from flask import current_app
from sqlalchemy import (Boolean, Column, Float, ForeignKey, Integer, MetaData, String, Table, Text, UniqueConstraint,
                        create_engine, event, text)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.types import TypeDecorator

from review.errors import ConfigError

# One PostgreSQL advisory lock orders every write transaction of every process sharing the database
# (the audit chain needs the previous entry); another one guards creating the tables.
WRITE_LOCK_KEY = 7207
SCHEMA_LOCK_KEY = 7208


def nul_free(value):
    """A string without NUL characters (PostgreSQL refuses them in text; SQLite stored them), else the value."""
    return value.replace("\x00", "") if isinstance(value, str) and "\x00" in value else value


class Str(TypeDecorator):
    """VARCHAR whose bound values (stored or compared) lose NUL characters, so hostile input is not a 500."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return nul_free(value)


class LongStr(Str):
    """TEXT, NUL-free like Str."""

    impl = Text
    cache_ok = True


metadata = MetaData()

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", Str(80), nullable=False, unique=True),
    Column("password_hash", Str(255), nullable=False),
    Column("role", Str(16), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created", Str(32), nullable=False),
)

api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("token_hash", Str(64), nullable=False, unique=True),
    Column("label", Str(80), nullable=False, default=""),
    Column("created", Str(32), nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("uploader_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("display_name", Str(255), nullable=False),
    Column("stored_name", Str(80), nullable=False, unique=True),
    Column("format", Str(8), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", Str(64), nullable=False),
    # queued -> analysing -> to_review | failed; to_review -> awaiting_signoff -> decided -> exported
    Column("status", Str(20), nullable=False, default="queued"),
    Column("stage", Str(20), nullable=False, default="queued"),
    Column("error", LongStr),
    Column("report_json", LongStr),
    Column("segments_json", LongStr),
    Column("engine_mode", Str(10)),
    Column("counts_json", LongStr),
    Column("analysis_ms", Float),
    Column("created", Str(32), nullable=False),
    Column("analysed", Str(32)),
    Column("mode", Str(10)),
    Column("title", Str(255)),
    Column("doc_number", Str(120)),
    Column("redacted_name", Str(80)),
    Column("decisions_name", Str(80)),
    Column("export_note", LongStr),
)

# The current decision per finding occurrence; the audit log keeps the history.
decisions = Table(
    "decisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("rule_id", Str(120), nullable=False),
    Column("text_sha256", Str(64), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("decision", Str(8), nullable=False),
    Column("reason", LongStr, nullable=False, default=""),
    Column("mask", Str(200)),
    Column("legal_basis", LongStr, nullable=False, default=""),
    Column("reviewer", Str(80), nullable=False),
    Column("time", Str(32), nullable=False),
    UniqueConstraint("document_id", "rule_id", "start", "end", name="one_decision_per_occurrence"),
)

signoffs = Table(
    "signoffs", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("step", Integer, nullable=False),  # 1 reviewer's decision, 2 supervising leader
    Column("mode", Str(10), nullable=False),
    Column("engine_mode", Str(10)),
    Column("reasons", LongStr, nullable=False, default=""),
    Column("basis", LongStr, nullable=False, default=""),
    Column("signer", Str(80), nullable=False),
    Column("time", Str(32), nullable=False),
    UniqueConstraint("document_id", "step", name="one_signoff_per_step"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("time", Str(32), nullable=False),
    Column("actor", Str(80), nullable=False),
    Column("action", Str(40), nullable=False),
    Column("document_id", Integer),
    Column("details", LongStr, nullable=False),
    Column("prev_hash", Str(64), nullable=False),
    Column("hash", Str(64), nullable=False),
)


def now() -> str:
    """The current UTC time in ISO 8601, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def make_engine(url: str) -> Engine:
    """An engine for `url` (ConfigError when it cannot be built); SQLite gets WAL and a busy timeout."""
    try:
        if not url.startswith("sqlite"):
            return create_engine(url, pool_pre_ping=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
    except ArgumentError:  # its message would quote the URL, password included
        raise ConfigError("REVIEW_DATABASE_URL: not a database URL "
                          "(expected e.g. postgresql+psycopg://user@host/review)") from None
    except ImportError:
        raise ConfigError(f"database {safe_url(url)}: its driver is not installed (PostgreSQL: "
                          "pip install 'psycopg[binary]>=3.1,<4' and a postgresql+psycopg:// URL)") from None

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def safe_url(url: str) -> str:
    """The URL as it may appear in messages: password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid database URL>"


def create_tables(engine: Engine) -> None:
    """Create the missing tables; on PostgreSQL under a lock, so processes starting together do not race."""
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # DDL is transactional there: the lock holds until commit
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
            metadata.create_all(conn)
    except OperationalError as exc:  # server down, wrong credentials, missing database: say which, at start-up
        reason = (str(exc.orig).strip().splitlines() or [type(exc).__name__])[0]
        shown = engine.url.render_as_string(hide_password=True)
        raise ConfigError(f"database {shown}: cannot open ({reason})") from None


def init_app(app) -> None:
    """Create the engine for the app, create missing tables, register `flask init-db`."""
    engine = make_engine(app.config["DATABASE_URL"])
    create_tables(engine)
    app.extensions["review_db"] = engine
    app.cli.add_command(init_db_command)


def get_engine() -> Engine:
    """The current app's engine."""
    return current_app.extensions["review_db"]


@click.command("init-db")
def init_db_command():
    """Create the tables (idempotent)."""
    create_tables(get_engine())
    click.echo("database ready")


_write_lock = threading.RLock()


def lock_for_writing(conn) -> None:
    """On PostgreSQL, wait for the database-wide write lock (held until this transaction ends)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})


class transaction:
    """`with transaction() as conn:` one write transaction, serialised within the process and the database.

    The audit chain needs the previous entry's hash, so appends must not interleave:
    the lock orders writers in this process (SQLite allows one writer anyway), and on
    PostgreSQL every write transaction first takes an advisory lock, which orders the
    writers of all processes sharing the database. Taking it first, rather than at the
    audit append, also keeps two processes deciding the same finding from deadlocking
    or colliding on its unique key: the second waits, then sees the first's row.
    """

    def __init__(self, engine: Engine | None = None):
        self.engine = engine or get_engine()

    def __enter__(self):
        _write_lock.acquire()
        try:
            self._ctx = self.engine.begin()
            conn = self._ctx.__enter__()
        except BaseException:
            _write_lock.release()
            raise
        try:
            lock_for_writing(conn)
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return conn

    def __exit__(self, *exc):
        try:
            return self._ctx.__exit__(*exc)
        finally:
            _write_lock.release()
