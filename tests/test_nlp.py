"""Presidio wiring: explicit registries, engines built once, nothing downloads, context by window."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from review.config import DEFAULT_RULES_DIR
from review.nlp import LANGUAGES, RuleRecognizer, build_engines, offline_tld_extractor, window_word
from review.rulepack import load_rulepack


def test_engines_are_built_once_per_rules_dir():
    assert build_engines(Path(DEFAULT_RULES_DIR)) is build_engines(Path(DEFAULT_RULES_DIR))


@pytest.mark.parametrize("language", LANGUAGES)
def test_registry_is_explicit_and_holds_only_rule_pack_recognizers(language):
    engines = build_engines(Path(DEFAULT_RULES_DIR))
    recognizers = engines.analyzers[language].registry.recognizers
    pack_ids = {r.id for r in load_rulepack(DEFAULT_RULES_DIR).rules if language in r.languages}
    assert recognizers
    assert {r.name for r in recognizers} == pack_ids


def test_every_pattern_rule_of_every_pack_file_becomes_a_recognizer():
    engines = build_engines(Path(DEFAULT_RULES_DIR))
    zh_names = {r.name for r in engines.analyzers["zh"].registry.recognizers if isinstance(r, RuleRecognizer)}
    pattern_rules = {r.id for r in load_rulepack(DEFAULT_RULES_DIR).rules if not r.recognizer and "zh" in r.languages}
    assert pattern_rules <= zh_names
    assert any(not name.startswith("personal.") for name in zh_names)  # the other helpers' rule files too


def test_analysis_makes_no_network_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    from review import review_text

    report = review_text("Contact: Mr. John Smith, john.smith@example.org\n当事人：张三丰，手机13812345678")
    assert {"EMAIL_ADDRESS", "PERSON", "CN_MOBILE"} <= {f.entity_type for f in report.findings}
    assert offline_tld_extractor()("mail.example.co.uk").suffix == "co.uk"


def test_a_fresh_process_starts_the_engine_offline(tmp_path):
    code = ("import socket\n"
            "def refuse(*a, **k): raise SystemExit('network access attempted')\n"
            "socket.socket.connect = refuse\nsocket.create_connection = refuse\n"
            "from review import review_text\n"
            "r = review_text('Email: jane.doe@example.com\\n举报人：李秀英，身份证号码410105198201172934')\n"
            "print(sorted({f.entity_type for f in r.findings}))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "CN_ID_CARD" in result.stdout and "EMAIL_ADDRESS" in result.stdout


@pytest.mark.parametrize("text,start,end,window,expected", [
    ("身份证号码110105", 5, 11, 10, "身份证"),
    ("身份证\n号码110105", 6, 12, 10, None),      # a window never reaches into the line before
    ("号码110105，身份证", 2, 8, 10, "身份证"),
    ("很远很远很远很远的身份证号码110105", 15, 21, 3, None),
])
def test_context_is_a_window_of_characters_within_the_line(text, start, end, window, expected):
    import re

    assert window_word(re.compile("身份证"), text, start, end, window) == expected
