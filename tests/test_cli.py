"""The CLI contract: exit codes, JSON shape, masked console output."""
from __future__ import annotations

import json

import pytest

PHONE = "13812345678"


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text(f"经查，当事人联系电话{PHONE}。\n", encoding="utf-8")
    return path


def test_json_report_has_the_documented_fields(cli, draft):
    result = cli("check", draft, "--format", "json")
    assert result.code == 1
    report = json.loads(result.out)
    assert set(report) >= {"file", "document", "recommendation", "findings", "errors"}
    assert set(report["document"]) >= {"format", "pages", "chars", "sha256"}
    assert report["recommendation"]["mode"] in ("public", "targeted", "none")
    finding = next(f for f in report["findings"] if f["entity_type"] == "CN_MOBILE")
    keys = {"rule_id", "category", "entity_type", "severity", "action", "start", "end", "text",
            "location", "score", "legal_basis", "explanation"}
    assert keys <= set(finding)
    assert finding["text"] == PHONE


def test_console_masks_values_by_default(cli, draft):
    result = cli("check", draft)
    assert PHONE not in result.out
    assert PHONE in cli("check", draft, "--show-values").out


def test_clean_draft_exits_zero(cli, tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("关于开展2024年环境保护宣传活动的通知\n", encoding="utf-8")
    assert cli("check", path).code == 0


def test_missing_file_is_an_input_error(cli, tmp_path):
    result = cli("check", tmp_path / "missing.txt")
    assert result.code == 2
    assert "no such file" in result.err
    assert "Traceback" not in result.err


def test_help_documents_exit_codes(cli):
    result = cli("check", "--help")
    assert result.code == 0
    assert "exit codes" in result.out
