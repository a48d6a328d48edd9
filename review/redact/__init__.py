"""Redaction output that really removes the data, then proves it with the residue check.

redact_file(src, out) reviews `src`, chooses what to redact (the engine's
findings with action "redact", or the reviewers' decisions), hands the values
to the writer for the format, and re-opens the output with independent readers
(residue.check_residue). Any value still recoverable: the output is deleted and
ResidueError is raised.

Redaction is by value: every occurrence of a redacted value in the document is
replaced (compared without white space and punctuation), because the residue
check looks for the value everywhere and a value left elsewhere is still a leak.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from review.config import Config
from review.errors import InputError, ReviewError
from review.entities import DESCRIPTIVE_TYPES
from review.masks import display_mask, mask_value
from review.model import Document, Location, Report
from review.redact.residue import MIN_VALUE_CHARS, Value, check_residue, compact

__all__ = ["redact_file", "redact_report", "RedactionResult", "ResidueError", "Target", "Options",
           "check_residue"]
TRACKED_POLICIES = ("accept", "reject")


class ResidueError(ReviewError):
    """A redacted value is still recoverable from the output; the output has been deleted."""

    exit_code = 1

    def __init__(self, output, hits):
        self.output, self.hits = str(output), tuple(hits)
        listed = "; ".join(str(h) for h in self.hits[:10])
        super().__init__(f"{self.output}: {len(self.hits)} redacted value(s) still recoverable ({listed}); "
                         f"the output was deleted")


@dataclass(frozen=True)
class Target:
    """One value to remove from the output, with its replacement and where it was found."""

    text: str
    mask: str
    entity_type: str
    location: Location = field(default_factory=Location)


@dataclass(frozen=True)
class Options:
    """Export policies (documented in docs/redaction.md)."""

    tracked_changes: str = "accept"


@dataclass(frozen=True)
class RedactionResult:
    """What redact_file wrote: the output, how many values, which pages became images, notes."""

    output: Path
    redacted: int
    rasterised_pages: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()


def _decisions(decisions):
    """A Decisions value from a path or a Decisions value (None stays None)."""
    from review.decisions import Decisions, load_decisions

    if decisions is None or isinstance(decisions, Decisions):
        return decisions
    if isinstance(decisions, (str, Path)):
        return load_decisions(decisions)
    return Decisions(tuple(decisions))


def apply_reviews(report: Report, decisions) -> tuple[Report, list, list[str]]:
    """The report as the reviewers decided it, their manual redactions, and notes on unused decisions."""
    from review.decisions import resolve

    if decisions is None:
        return report, [], []
    outcome = resolve(report, decisions)
    manual = [d for d in decisions.for_document(report.document.sha256) if d.manual and d.decision == "redact"]
    notes = [f"{n} {what}" for n, what in (
        (len(outcome.stale), "decision(s) matched no finding (stale)"),
        (len(outcome.expired), "decision(s) expired and were not applied"),
        (outcome.other_documents, "decision(s) were made on another version of the document and were not applied"),
    ) if n]
    return outcome.report, manual, notes


def _manual_targets(document: Document, manual) -> list[Target]:
    """Targets for reviewers' manual redactions (start/end spans checked against the text hash)."""
    text, out = document.text, []
    for d in manual:
        value = text[d.start:d.end] if d.start is not None and d.end is not None else ""
        if not value or hashlib.sha256(value.encode("utf-8")).hexdigest() != d.text_sha256:
            raise InputError(document.path, "a manual redaction in the decisions file does not match this "
                                            "document's text; review the document again")
        out.append(Target(value, d.mask or "[已删除]", "MANUAL", document.segment_at(d.start).location))
    return out


def plan(report: Report, manual=()) -> list[Target]:
    """The values to redact: findings whose action is redact, and the manual redactions.

    Hidden-content findings are handled by the export policies (comments, tracked
    changes, metadata... are removed whole), not value by value; other descriptive
    findings (a table's record density, a classification mark) have no value to mask. Findings a reviewer
    kept have action none after apply_reviews; undecided findings keep the engine's
    action (redact stays redact: the safe side).
    """
    targets = [Target(f.text, f.mask if f.mask is not None else mask_value(f.text, f.entity_type),
                      f.entity_type, f.location)
               for f in report.findings if f.action == "redact" and f.entity_type not in DESCRIPTIVE_TYPES]
    # Lines only an earlier PDF revision holds: the fresh save drops them, the residue check proves it.
    history = [Target(line, "[已删除：历史版本]", "HIDDEN_CONTENT", f.location) for f in report.findings
               if f.location.layer == "previous_revision" and f.action == "redact" for line in f.text.splitlines()]
    return targets + history + _manual_targets(report.document, manual)


def unique_values(targets) -> list[Target]:
    """One target per value (compared compacted; the first mask wins), longest first."""
    seen: dict[object, Target] = {}
    for t in targets:
        key = compact(t.text)
        if t.entity_type == "FAKE_REDACTION":  # redacted by its box, however short the text
            key = (key, t.location.page, t.location.bbox)
        elif len(key) < MIN_VALUE_CHARS:
            continue
        seen.setdefault(key, t)
    return sorted(_safe_masks(list(seen.values())), key=lambda t: -len(compact(t.text)))


def _safe_masks(targets: list[Target]) -> list[Target]:
    """Targets whose mask would spell another redacted value (an address cut to a street that is
    itself redacted) get a plain label instead: the residue check would rightly find it."""
    from review.entities import zh_label
    from review.redact.matching import ValueIndex

    index = ValueIndex((t.text, t) for t in targets)
    return [replace(t, mask=f"[已删除：{zh_label(t.entity_type)}]") if t.mask and index.spans(t.mask) else t
            for t in targets]


def _writer(fmt: str):
    """The writer function for a document format."""
    from review.redact import docx, pdf, sheet, text

    writers = {"docx": docx.write, "pdf": pdf.write, "txt": text.write, "csv": sheet.write_csv,
               "xlsx": sheet.write_xlsx}
    return writers[fmt]


def verify(path: Path, targets, fmt: str, shown_as: Path | None = None) -> None:
    """Run the residue check on `path`; on any hit delete it and raise ResidueError."""
    values = [Value(t.text, t.mask or display_mask(t.text)) for t in targets]
    hits = check_residue(path, values, "txt" if fmt == "csv" else fmt)
    if hits:
        path.unlink(missing_ok=True)
        raise ResidueError(shown_as or path, hits)


def redact_report(report: Report, out, *, decisions=None, config: Config | None = None,
                  tracked_changes: str = "accept", writer=None) -> RedactionResult:
    """Write the redacted copy of an already-reviewed document and check it for residue."""
    document, out = report.document, Path(out)
    if Path(document.path).resolve() == out.resolve():
        raise InputError(str(out), "the output must be a different file from the input")
    if tracked_changes not in TRACKED_POLICIES:
        raise InputError(str(out), f"unknown tracked-changes policy {tracked_changes!r}; valid: accept, reject")
    report, manual, notes = apply_reviews(report, _decisions(decisions))
    targets = unique_values(plan(report, manual))
    write = writer or _writer(document.format)
    # Written under a temporary name and moved into place only once the residue check passed:
    # a crash or a residue never leaves a file at `out` that looks like a finished export.
    partial = out.with_name(f".{out.stem}.partial{out.suffix}")
    try:
        result = write(Path(document.path), partial, document, targets, Options(tracked_changes))
        verify(partial, targets, document.format, shown_as=out)
    except BaseException:
        partial.unlink(missing_ok=True)
        out.unlink(missing_ok=True)
        raise
    partial.replace(out)
    return replace(result, output=out, notes=tuple(notes) + tuple(result.notes))


def redact_file(src, out, *, decisions=None, config: Config | None = None,
                tracked_changes: str = "accept", writer=None) -> RedactionResult:
    """Review `src`, write a redacted copy to `out`, and prove no redacted value is left in it."""
    from review import review_file

    config = config or Config()
    report = review_file(src, config)
    return redact_report(report, out, decisions=decisions, config=config,
                         tracked_changes=tracked_changes, writer=writer)
