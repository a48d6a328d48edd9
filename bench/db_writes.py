"""Write transactions per second of the web app's database layer: one audit append each, as a decision costs.

    .venv/bin/python bench/db_writes.py                                  # SQLite in a temporary directory
    bash scripts/with-postgres .venv/bin/python bench/db_writes.py       # and the throwaway PostgreSQL

Every write goes through `transaction()` (process lock, plus PostgreSQL's advisory lock), so this is the
ceiling on decisions, uploads and logins per second for all processes together. The throwaway cluster
runs with fsync off: a production server that syncs each commit is slower (see docs/postgres.md).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from webapp import audit  # noqa: E402
from webapp.db import create_tables, make_engine, transaction  # noqa: E402

APPENDS, RUNS = 500, 3


def appends_per_second(url: str) -> tuple[float, tuple]:
    """Best of RUNS rounds of APPENDS single-append transactions; (rate, verify result)."""
    engine = make_engine(url)
    create_tables(engine)
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        for i in range(APPENDS):
            with transaction(engine) as conn:
                audit.append(conn, "bench", "decision", 1, n=i)
        best = min(best, time.perf_counter() - start)
    with engine.connect() as conn:
        verified = audit.verify(conn)
    engine.dispose()
    return APPENDS / best, verified


@contextmanager
def scratch_database(base_url: str):
    """A new database beside the one named by base_url (never written into), dropped afterwards."""
    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    """Print one line per backend."""
    with tempfile.TemporaryDirectory() as tmp:
        report("sqlite", f"sqlite:///{tmp}/review.db")
    if os.environ.get("REVIEW_TEST_POSTGRES_URL"):
        with scratch_database(os.environ["REVIEW_TEST_POSTGRES_URL"]) as url:
            report("postgresql", url)


def report(name: str, url: str) -> None:
    """One line: the rate and whether the chain it wrote verifies."""
    rate, (intact, _bad, count) = appends_per_second(url)
    print(f"{name}: {rate:.0f} write transactions/s ({1000 / rate:.2f} ms each, best of {RUNS} x {APPENDS}); "
          f"chain intact={intact} over {count} entries")


if __name__ == "__main__":
    main()
