"""The database layer on any backend: clear start-up errors without passwords, NUL-free text.

The same layer against a real PostgreSQL server: tests/test_postgres.py.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from review.errors import ConfigError
from webapp.db import create_tables, make_engine, nul_free, transaction, users


@pytest.mark.parametrize("url,expected", [
    ("postgresql+psycopg//wang:s3cret-pw@db/review", "not a database URL"),
    ("postgresql+pg8000://wang:s3cret-pw@db/review", "driver is not installed"),
    ("postgresql+psycopg://wang:s3cret-pw@/review?host=/nonexistent-socket-dir", "cannot open"),
])
def test_a_bad_database_url_is_a_clear_error_without_the_password(url, expected):
    with pytest.raises(ConfigError) as raised:
        create_tables(make_engine(url))
    assert expected in str(raised.value) and "s3cret-pw" not in str(raised.value)


@pytest.mark.parametrize("value,expected", [("ali\x00ce", "alice"), ("alice", "alice"), (None, None), (3, 3)])
def test_nul_free(value, expected):
    assert nul_free(value) == expected


def test_text_columns_drop_nul_when_storing_and_comparing(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'review.db'}")
    create_tables(engine)
    with transaction(engine) as conn:
        conn.execute(users.insert().values(username="ri\x00ta", password_hash="-", role="reviewer", created="-"))
    with engine.connect() as conn:
        assert conn.execute(select(users.c.username)).scalar() == "rita"
        assert conn.execute(select(users.c.id).where(users.c.username == "rit\x00a")).scalar() == 1
    engine.dispose()
