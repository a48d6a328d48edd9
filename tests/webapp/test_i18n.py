"""Every interface message has a Chinese translation (Chinese is the default language)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp.messages_zh import ZH

WEBAPP = Path(__file__).resolve().parents[2] / "webapp"
LITERAL = re.compile(r"""\b_\(\s*(['"])(.*?)\1""")
DYNAMIC = ("queued", "analysing", "failed", "to_review", "awaiting_signoff", "decided", "exported",  # _(status)
           "drafter", "reviewer", "admin",                                                        # _(role)
           "newest", "oldest", "name", "status",                                                  # _(sort)
           "redact", "keep", "proposed", "open", "info")                                          # _(state)


def messages() -> list[str]:
    """Every literal message passed to _() in templates and views."""
    found = []
    for path in sorted(WEBAPP.rglob("*.html")) + sorted(WEBAPP.glob("*.py")):
        found += [m.group(2) for m in LITERAL.finditer(path.read_text(encoding="utf-8"))]
    return sorted(set(found))


@pytest.mark.parametrize("message", messages() + list(DYNAMIC))
def test_message_has_a_chinese_translation(message):
    assert ZH.get(message), f"add {message!r} to webapp/messages_zh.py"


@pytest.mark.parametrize("message", sorted(ZH))
def test_translation_keeps_the_placeholders(message):
    assert re.findall(r"{\w+}", ZH[message]) == re.findall(r"{\w+}", message)
