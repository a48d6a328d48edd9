"""The CLI under hostile input: a clear message, exit 2, no traceback, no hang, no forged console lines."""
from __future__ import annotations

import json
import os

import pytest

from review.report import console_safe

SHA = "a" * 64
DECISION = {"document_sha256": SHA, "rule_id": "personal.cn_mobile", "text_sha256": SHA, "decision": "redact",
            "reviewer": "王五", "time": "2026-01-01T00:00:00+00:00", "reason": "个人信息",
            "legal_basis": "第十五条"}


@pytest.fixture
def draft(tmp_path):
    """A small draft with one finding."""
    path = tmp_path / "draft.txt"
    path.write_text("联系电话13812345678。\n", encoding="utf-8")
    return path


def write_decisions(path, body) -> str:
    path.write_text(body if isinstance(body, str) else json.dumps(body), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("body, message", [
    ('{"version": 1, "decisions": ' + "[" * 50_000 + "]" * 50_000 + "}", "nested too deeply"),
    ({"version": 1, "decisions": [dict(DECISION, mask={"x": 1})]}, "mask must be a string"),
    ({"version": 1, "decisions": [dict(DECISION, rule_id=["a"])]}, "rule_id must be a string"),
    ({"version": 1, "decisions": [dict(DECISION, reviewer={})]}, "reviewer must be a string"),
    ({"version": 1, "decisions": [dict(DECISION, start="0", end=3)]}, "start must be a non-negative integer"),
    ({"version": 1, "decisions": [dict(DECISION, legal_basis=[1])]}, "legal_basis must be a string or a list"),
    ({"version": 2, "decisions": []}, "not a decisions file"),
], ids=["deep", "mask", "rule_id", "reviewer", "start", "legal_basis", "version"])
def test_hostile_decisions_files_are_input_errors(cli, tmp_path, draft, body, message):
    result = cli("check", draft, "--decisions", write_decisions(tmp_path / "d.json", body))
    assert result.code == 2 and message in result.err
    assert "Traceback" not in result.err and "internal error" not in result.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_as_decisions_file_does_not_hang(cli, tmp_path, draft):
    fifo = tmp_path / "d.json"
    os.mkfifo(fifo)
    result = cli("check", draft, "--decisions", fifo)
    assert result.code == 2 and "not a regular file" in result.err


def test_dev_zero_as_decisions_file_is_refused(cli, draft):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    result = cli("check", draft, "--decisions", "/dev/zero")
    assert result.code == 2 and "not a regular file" in result.err


def test_writing_decisions_into_a_directory_is_an_input_error(cli, tmp_path, draft):
    result = cli("check", draft, "--write-decisions", tmp_path)
    assert result.code == 2 and "cannot write the decisions file" in result.err


def test_audit_verify_on_a_missing_data_dir_does_not_report_intact(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("REVIEW_DATABASE_URL", raising=False)
    missing = tmp_path / "no-such-dir"
    result = cli("audit", "verify", "--data-dir", missing)
    assert result.code == 2 and "review.db is missing" in result.err and "intact" not in result.out
    assert not missing.exists()  # nothing created as a side effect


@pytest.mark.parametrize("name", ["new\nline.txt", "esc\x1b[2J.txt", "rtl\u202etxt.exe.txt"])
def test_file_names_cannot_forge_console_lines(cli, tmp_path, name):
    path = tmp_path / name
    path.write_text("联系电话13812345678。\n", encoding="utf-8")
    for args in (("check", path), ("check", tmp_path / ("missing-" + name))):
        result = cli(*args)
        for stream in (result.out, result.err):
            assert "\x1b" not in stream and "\u202e" not in stream
            assert all(not line.startswith(("line.txt", "txt.exe")) for line in stream.splitlines())


@pytest.mark.parametrize("text, shown", [
    ("报告.docx", "报告.docx"), ("a\nb", "a\\nb"), ("x\u202ey", "x\\u202ey"), ("\x1b[31m", "\\x1b[31m"),
])
def test_console_safe(text, shown):
    assert console_safe(text) == shown


def test_users_add_refuses_a_name_with_a_trailing_newline(cli, tmp_path, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    result = cli("users", "add", "eve\n", "--role", "drafter", "--data-dir", tmp_path / "data")
    assert result.code == 2 and "user names are" in result.err


def test_a_directory_scan_does_not_skip_a_legacy_document(cli, tmp_path):
    (tmp_path / "ok.txt").write_text("某市生态环境局关于印发工作要点的通知\n", encoding="utf-8")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    result = cli("check", tmp_path, "--require", "public")
    assert result.code == 2 and "old.doc" in result.err and ".doc/.xls" in result.err


def test_serve_on_a_port_in_use_is_a_usage_error(cli, tmp_path, monkeypatch):
    import socket

    monkeypatch.setattr("webapp.worker.warm_up", lambda: None)  # no engine warm-up: the server never starts
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = cli("serve", "--port", busy.getsockname()[1], "--data-dir", tmp_path / "data")
    assert result.code == 2 and "cannot listen on" in result.err


@pytest.mark.parametrize("command", [("users", "list"), ("audit", "verify")])
def test_an_unusable_data_dir_is_a_usage_error(cli, tmp_path, command):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    result = cli(*command, "--data-dir", blocker / "data")
    assert result.code == 2 and "internal error" not in result.err


def test_an_unreadable_file_in_a_directory_is_named_and_the_rest_are_checked(cli, tmp_path, monkeypatch):
    from pathlib import Path

    (tmp_path / "a.txt").write_text("某市生态环境局关于印发工作要点的通知\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("联系电话13812345678。\n", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "b.txt":  # root can read anything, so simulate chmod 000
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = cli("check", tmp_path, "--format", "json")
    reports = [json.loads(line) for line in result.out.splitlines()]
    assert result.code == 2 and "b.txt: permission denied" in result.err
    assert [bool(r["errors"]) for r in reports] == [False, True]
    assert "13812345678" not in result.err


def test_a_symlink_loop_is_an_input_error(cli, tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    result = cli("check", loop)
    assert result.code == 2 and "broken or loops" in result.err and "Traceback" not in result.err
