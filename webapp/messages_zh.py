"""Chinese interface messages, keyed by the English text used in templates and views."""
from __future__ import annotations

ZH: dict[str, str] = {}
