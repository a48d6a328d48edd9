"""`review users` and `review serve --help`: accounts from the command line."""
from __future__ import annotations

import io

import pytest


@pytest.fixture
def data_dir(tmp_path):
    """An empty data dir."""
    return tmp_path / "data"


def test_users_add_reads_the_password_from_stdin(cli, data_dir, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert cli("users", "add", "wang", "--role", "reviewer", "--data-dir", data_dir).code == 0
    listed = cli("users", "list", "--data-dir", data_dir)
    assert listed.code == 0 and "wang\treviewer\tactive" in listed.out
    assert "a long enough password" not in listed.out


@pytest.mark.parametrize("name, role, password, message", [
    ("wang", "reviewer", "short", "at least 8"),
    ("bad name!", "reviewer", "long enough pw", "user names"),
])
def test_users_add_refuses_bad_input(cli, data_dir, monkeypatch, name, role, password, message):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    result = cli("users", "add", name, "--role", role, "--data-dir", data_dir)
    assert result.code == 2 and message in result.err


def test_users_add_refuses_a_duplicate(cli, data_dir, monkeypatch):
    for expected in (0, 2):
        monkeypatch.setattr("sys.stdin", io.StringIO("long enough pw\n"))
        assert cli("users", "add", "li", "--role", "drafter", "--data-dir", data_dir).code == expected


def test_serve_help_documents_the_options(cli):
    result = cli("serve", "--help")
    assert result.code == 0
    for option in ("--host", "--port", "--data-dir", "--demo"):
        assert option in result.out


def test_demo_creates_accounts_and_queues_the_samples(app, tmp_path, monkeypatch):
    from webapp import accounts, demo

    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "a.txt").write_text("联系电话13812345678\n", encoding="utf-8")
    (samples / "a.gold.yaml").write_text("doc_type: other\n", encoding="utf-8")
    monkeypatch.setenv("REVIEW_DEMO_PASSWORD", "demo password 1")
    passwords = demo.ensure_users(app.extensions["review_db"])
    assert set(passwords) == {name for name, _role in demo.DEMO_USERS}
    assert accounts.authenticate(app.extensions["review_db"], "reviewer", "demo password 1") is not None
    assert demo.load_samples(app, samples) == 1
    assert demo.load_samples(app, samples) == 0  # a second start adds nothing twice
