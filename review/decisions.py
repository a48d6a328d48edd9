"""Reviewer decisions: a versioned JSON file keyed by document hash, rule id and text hash, never plaintext.

    {"version": 1, "decisions": [{"document_sha256", "rule_id", "text_sha256",
      "decision": "redact"|"keep", "reviewer", "time", "reason", "legal_basis",
      "mask"?, "expires"?, "start"?/"end"? (manual redactions, rule_id "manual.redaction")}]}

A decision applies to the exact document version it was made on (its SHA-256): a published file
that differs from the reviewed one is not covered ("whoever publishes reviews"). Within that
version it applies to every finding of the same rule on the same text. "keep" turns the finding's
action to none; "redact" keeps it redact, resolved. Expired decisions do not apply; decisions of
this version that match no finding are stale. Both are reported.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from review.errors import InputError
from review.model import Finding, Report

VERSION = 1
MANUAL_RULE = "manual.redaction"
DECISIONS = ("redact", "keep")
REQUIRED = ("document_sha256", "rule_id", "decision", "reviewer", "time", "reason", "legal_basis")
OPTIONAL = ("text_sha256", "mask", "expires", "start", "end")
SHA256 = re.compile(r"[0-9a-f]{64}")
REVIEWER_ROLE = "reviewer_decision"
MAX_FILE_BYTES = 64 * 1024 * 1024  # far above any real file (a decision is ~400 bytes); refuses /dev/zero-like input
TEXT_FIELDS = ("document_sha256", "rule_id", "text_sha256", "decision", "reviewer", "time", "reason", "mask",
               "expires")


@dataclass(frozen=True)
class Decision:
    """One reviewer decision about one value of one document version."""

    document_sha256: str
    rule_id: str
    text_sha256: str
    decision: str
    reviewer: str
    time: str
    reason: str
    legal_basis: str = ""
    mask: str | None = None
    expires: str | None = None
    start: int | None = None
    end: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        """(rule id, text hash), as Finding.key."""
        return (self.rule_id, self.text_sha256)

    @property
    def manual(self) -> bool:
        """True for a redaction a reviewer added by hand (a span, not a finding)."""
        return self.rule_id == MANUAL_RULE

    def expired(self, now: datetime) -> bool:
        """True when the decision has an expiry in the past."""
        return self.expires is not None and parse_time(self.expires) < now

    def to_dict(self) -> dict:
        """JSON form; optional fields only when set."""
        out = {k: getattr(self, k) for k in REQUIRED + ("text_sha256",)}
        out.update({k: getattr(self, k) for k in ("mask", "expires", "start", "end") if getattr(self, k) is not None})
        return out


@dataclass(frozen=True)
class Decisions:
    """The content of one decisions file."""

    decisions: tuple[Decision, ...] = ()
    version: int = VERSION

    def for_document(self, sha256: str) -> tuple[Decision, ...]:
        """The decisions made on this document version."""
        return tuple(d for d in self.decisions if d.document_sha256 == sha256)


@dataclass(frozen=True)
class Outcome:
    """What applying decisions to one report did."""

    report: Report
    applied: int = 0
    stale: tuple[Decision, ...] = ()
    expired: tuple[Decision, ...] = ()
    manual: int = 0
    other_documents: int = 0

    def to_dict(self) -> dict:
        """The "decisions" block of the JSON report."""
        return {"applied": self.applied, "stale": [d.to_dict() for d in self.stale],
                "expired": [d.to_dict() for d in self.expired], "manual": self.manual,
                "other_documents": self.other_documents}


def parse_time(value: str) -> datetime:
    """An ISO 8601 time; naive values are taken as UTC (ValueError if malformed)."""
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _check(raw, path: str, i: int) -> None:
    """Validate one raw decision, raising InputError naming the file, the index and the field."""
    def fail(problem: str):
        raise InputError(path, f"decision {i + 1}: {problem}")

    if not isinstance(raw, dict):
        fail("must be a JSON object")
    unknown = sorted(set(raw) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        fail(f"unknown field {unknown[0]!r} (decisions never hold plaintext); valid: {', '.join(REQUIRED + OPTIONAL)}")
    missing = [k for k in REQUIRED if raw.get(k) in (None, "")]
    if raw.get("rule_id") != MANUAL_RULE and not raw.get("text_sha256"):
        missing.append("text_sha256")
    if missing:
        fail(f"missing {', '.join(missing)} (every decision records who, when, why and on which legal basis)")
    for key in TEXT_FIELDS:
        if key in raw and raw[key] is not None and not isinstance(raw[key], str):
            fail(f"{key} must be a string")
    basis = raw["legal_basis"]
    if not (isinstance(basis, str) or isinstance(basis, list) and all(isinstance(b, str) for b in basis)):
        fail("legal_basis must be a string or a list of strings")
    for key in ("start", "end"):
        if raw.get(key) is not None and (not isinstance(raw[key], int) or isinstance(raw[key], bool) or raw[key] < 0):
            fail(f"{key} must be a non-negative integer")
    if raw["decision"] not in DECISIONS:
        fail(f"decision {raw['decision']!r} is not valid; expected redact or keep")
    for key in ("document_sha256", "text_sha256"):
        if raw.get(key) and not SHA256.fullmatch(str(raw[key])):
            fail(f"{key} must be 64 lowercase hex digits")
    for key in ("time", "expires"):
        try:
            raw.get(key) and parse_time(raw[key])
        except ValueError:
            fail(f"{key} is not an ISO 8601 time")


def from_dict(raw: dict, path: str, i: int) -> Decision:
    """Validate and build one Decision."""
    _check(raw, path, i)
    basis = raw["legal_basis"]
    basis = "; ".join(basis) if isinstance(basis, list) else str(basis)
    return Decision(
        document_sha256=raw["document_sha256"], rule_id=str(raw["rule_id"]), text_sha256=raw.get("text_sha256", ""),
        decision=raw["decision"], reviewer=str(raw["reviewer"]), time=str(raw["time"]), reason=str(raw["reason"]),
        legal_basis=basis, mask=raw.get("mask"), expires=raw.get("expires"), start=raw.get("start"), end=raw.get("end"))


def load_decisions(path) -> Decisions:
    """Read and validate a decisions file (InputError naming the file and the problem)."""
    path = str(path)
    try:
        data = json.loads(_read(Path(path)).decode("utf-8"))
    except FileNotFoundError:
        raise InputError(path, "no such decisions file") from None
    except RecursionError:
        raise InputError(path, "not a decisions file: the JSON is nested too deeply") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"cannot read decisions file ({type(exc).__name__})") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("decisions"), list):
        raise InputError(path, f'not a decisions file: expected {{"version": {VERSION}, "decisions": [...]}}')
    return Decisions(tuple(from_dict(raw, path, i) for i, raw in enumerate(data["decisions"])))


def _read(path: Path) -> bytes:
    """The file's bytes, refusing anything but a regular file within MAX_FILE_BYTES (a FIFO would block)."""
    if path.exists() and not path.is_file():
        raise InputError(str(path), "not a regular file")
    if path.exists() and path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(str(path), f"the decisions file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return path.read_bytes()


def save_decisions(path, decisions) -> None:
    """Write a decisions file (Decisions or an iterable of Decision); InputError when it cannot be written."""
    items = decisions.decisions if isinstance(decisions, Decisions) else tuple(decisions)
    data = {"version": VERSION, "decisions": [d.to_dict() for d in items]}
    try:
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot write the decisions file ({exc.strerror or type(exc).__name__})") from None


def decide(finding: Finding, decision: Decision) -> Finding:
    """The finding as the reviewer decided it: keep -> action none; redact -> redact, resolved."""
    details = finding.details + (("decision", decision.decision), ("reviewer", decision.reviewer),
                                 ("decided_at", decision.time), ("decision_basis", decision.legal_basis))
    if decision.decision == "keep":
        note = f"审核人决定保留（reviewer decision）：{decision.reason}"
        return finding.with_(action="none", role=REVIEWER_ROLE, mask=None, details=details,
                             explanation=f"{finding.explanation} {note}".strip())
    from review.masks import mask_value

    mask = decision.mask or finding.mask or mask_value(finding.text, finding.entity_type)
    return finding.with_(action="redact", mask=mask, details=details)


def resolve(report: Report, decisions: Decisions, *, config=None, now: datetime | None = None) -> Outcome:
    """Apply the decisions made on this report's document version; recompute the recommendation."""
    if report.document is None:
        return Outcome(report)
    now = now or datetime.now(timezone.utc)
    mine = decisions.for_document(report.document.sha256)
    expired = tuple(d for d in mine if not d.manual and d.expired(now))
    live = {d.key: d for d in mine if not d.manual and not d.expired(now)}
    findings, used = [], set()
    for f in report.findings:
        d = live.get(f.key)
        if d is not None:
            used.add(d.key)
            f = decide(f, d)
        findings.append(f)
    stale = tuple(d for k, d in live.items() if k not in used)
    updated = replace(report, findings=tuple(findings), recommendation=_recommend(report, findings, config))
    return Outcome(updated, sum(1 for f in findings if dict(f.details).get("decision")), stale, expired,
                   sum(1 for d in mine if d.manual), len(decisions.decisions) - len(mine))


def _recommend(report: Report, findings, config):
    """The recommendation for the decided findings (a kept finding no longer drives the mode)."""
    from review.config import Config
    from review.recommend import recommend

    return recommend(report.document, findings, config or Config())


def apply_decisions(report: Report, decisions: Decisions, *, config=None) -> tuple[Report, list[Decision]]:
    """The report with decisions applied, and the decisions of this document that matched nothing."""
    outcome = resolve(report, decisions, config=config)
    return outcome.report, list(outcome.stale)


def template(report: Report, reviewer: str, now: datetime | None = None) -> tuple[Decision, ...]:
    """One decision per open finding, set from the engine's action, for a reviewer to edit.

    A "keep" gets an empty reason on purpose: the file does not load until a reviewer says why.
    """
    if report.document is None:
        return ()
    stamp = (now or datetime.now(timezone.utc)).replace(microsecond=0).isoformat()
    seen, out = set(), []
    for f in report.findings:
        if f.action == "none" or dict(f.details).get("decision") or f.key in seen:
            continue
        seen.add(f.key)
        redact = f.action == "redact"
        out.append(Decision(report.document.sha256, f.rule_id, f.text_hash, "redact" if redact else "keep",
                            reviewer, stamp, f"按规则 {f.rule_id} 删除" if redact else "",
                            "; ".join(f.legal_basis), f.mask if redact else None))
    return tuple(out)
