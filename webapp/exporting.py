"""Export: the decisions file the CLI's --decisions reads, and the redacted document checked for residue.

Redaction works by value (review.redact removes every occurrence of a redacted
value), so decisions are exported per (rule id, value hash): if any occurrence
of a value is redacted, the value is redacted.
"""
from __future__ import annotations

import json
import secrets
from pathlib import Path

from review.errors import InputError
from webapp.render import MANUAL_RULE

VERSION = 1
# The decisions file requires a reason and a legal basis on every entry (review.decisions checks it).
DEFAULT_REASON = "审核人确认删除/遮盖"
DEFAULT_BASIS = "《中华人民共和国政府信息公开条例》第三十七条"


class ExportError(Exception):
    """An export that could not be written; the message is safe to show."""


def decision_entries(sha256: str, rows) -> list[dict]:
    """The decisions of one document in the documented file format, one per value (manual ones per span)."""
    by_key: dict[tuple[str, str], dict] = {}
    for r in rows:
        entry = {"document_sha256": sha256, "rule_id": r.rule_id, "text_sha256": r.text_sha256,
                 "decision": r.decision, "reviewer": r.reviewer, "time": r.time,
                 "reason": r.reason or DEFAULT_REASON, "legal_basis": r.legal_basis or DEFAULT_BASIS}
        if r.mask:
            entry["mask"] = r.mask
        if r.rule_id == MANUAL_RULE:
            by_key[(MANUAL_RULE, f"{r.start}:{r.end}")] = dict(entry, start=r.start, end=r.end)
            continue
        key = (r.rule_id, r.text_sha256)
        if key not in by_key or (entry["decision"] == "redact" and by_key[key]["decision"] == "keep"):
            by_key[key] = entry  # redaction wins: the redactor removes every occurrence of the value
    return list(by_key.values())


def write_decisions(path: Path, entries: list[dict]) -> None:
    """Save through review.decisions (one truth with the CLI), or the documented JSON when it is absent."""
    try:
        from review.decisions import Decision, save_decisions
    except ImportError:
        path.write_text(json.dumps({"version": VERSION, "decisions": entries}, ensure_ascii=False, indent=1),
                        encoding="utf-8")
        return
    save_decisions(path, [Decision(**_known_fields(Decision, e)) for e in entries])


def _known_fields(cls, entry: dict) -> dict:
    """Only the fields the Decision dataclass declares (optional ones may be absent)."""
    from dataclasses import fields

    names = {f.name for f in fields(cls)}
    return {k: v for k, v in entry.items() if k in names}


def export(data_dir: Path, row, rows, config) -> tuple[str, str, str]:
    """Write decisions and the redacted copy; returns (redacted name, decisions name, note)."""
    exports = data_dir / "exports"
    token = secrets.token_hex(16)
    decisions_path = exports / f"{token}.decisions.json"
    try:
        write_decisions(decisions_path, decision_entries(row.sha256, rows))
    except (InputError, OSError):  # a full disk or a read-only exports dir: say so, never a 500
        raise ExportError("the decisions file could not be written; nothing was exported") from None
    try:
        from review.redact import ResidueError, redact_file
    except ImportError:
        raise ExportError("the redaction module (review.redact) is not available in this installation; "
                          "the decisions file was written") from None
    out = exports / (token + Path(row.stored_name).suffix)
    try:
        result = redact_file(data_dir / "uploads" / row.stored_name, out, decisions=decisions_path, config=config)
    except ResidueError as exc:
        raise ExportError(f"export refused by the residue check: {len(exc.hits)} redacted value(s) "
                          "still recoverable; nothing was written") from None
    except InputError as exc:
        raise ExportError(exc.reason) from None
    except Exception as exc:  # a writer's own error may quote content: report only its kind
        out.unlink(missing_ok=True)
        raise ExportError(f"the redaction failed ({type(exc).__name__}); nothing was exported") from None
    notes = list(result.notes)
    if result.rasterised_pages:
        notes.append(f"pages rasterised: {', '.join(map(str, result.rasterised_pages))}")
    return out.name, decisions_path.name, "; ".join(notes)
