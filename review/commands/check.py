"""`review check FILE...`: review drafts, report, and gate publication (--require public|targeted).

Exit 0 when nothing blocks (with --require: the document can go out in that mode), 1 when
something needs a reviewer or blocks the mode, 2 on a usage or input error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from review.config import Config
from review.errors import InputError
from review.model import Report

SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".docx", ".pdf", ".xlsx", ".csv", ".tsv"}
# Documents an office publishes that the loaders cannot read: a directory scan must not skip them silently
# (a gate would pass with a legacy .doc unchecked); they are passed on, so each gets its "cannot read" error.
UNREADABLE_DOCUMENT_SUFFIXES = {".doc", ".xls", ".ppt", ".pptx", ".wps", ".et", ".dps", ".rtf", ".odt", ".ods",
                                ".odp", ".ofd"}
ALLOWED_MODES = {"public": ("public",), "targeted": ("public", "targeted")}


def register(subparsers, epilog: str) -> None:
    """Add the `check` subcommand."""
    p = subparsers.add_parser("check", help="review drafts and report findings", epilog=epilog,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="FILE", help="files or directories (scanned recursively)")
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                   help="report format: text (default), json (one object per file and line), sarif (SARIF 2.1.0)")
    p.add_argument("--require", choices=("public", "targeted"),
                   help="exit 1 unless the document can go out in this mode: the recommendation allows it and "
                        "every finding to redact or review is resolved by a decision")
    p.add_argument("--decisions", metavar="FILE", help="reviewer decisions (JSON, see docs/recommendation.md)")
    p.add_argument("--write-decisions", metavar="OUT", help="write a decisions template for the open findings")
    p.add_argument("--reviewer", help="reviewer name for --write-decisions (default $USER)")
    p.add_argument("--show-values", action="store_true", help="print matched values unmasked in the text report")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the text report (default zh)")
    p.add_argument("--config", metavar="FILE", help="YAML configuration file")
    p.add_argument("--max-file-mb", type=float, metavar="MB", help="refuse files larger than this")
    p.add_argument("--ledger", metavar="URL", help="publication ledger to consult (SQLAlchemy URL; "
                                                   "default $REVIEW_LEDGER_URL; see `review ledger`)")
    p.set_defaults(func=run)


def expand_paths(paths) -> list[Path]:
    """Files as given, and supported files under directories, recursively and sorted."""
    out = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            wanted = SUPPORTED_SUFFIXES | UNREADABLE_DOCUMENT_SUFFIXES
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in wanted))
        else:
            out.append(path)
    return out


def config_from(args) -> Config:
    """The Config for this run: file, then flags."""
    overrides = {}
    if getattr(args, "max_file_mb", None):
        overrides["max_file_bytes"] = int(args.max_file_mb * 1024 * 1024)
    if getattr(args, "ledger", None):
        overrides["ledger_url"] = args.ledger
    return Config.load(args.config, **overrides)


def review_one(path: Path, config: Config) -> Report:
    """Review one file; an input problem becomes a Report with an error instead of an exception."""
    from review import review_file

    try:
        return review_file(path, config)
    except InputError as exc:
        return Report(file=str(path), document=None, errors=(exc.reason,))


def needs_review(report: Report) -> bool:
    """True when any finding still needs a reviewer's action (not resolved by a decision)."""
    from review.recommend import blocking

    return bool(blocking(report.findings))


def gate(report: Report, require: str) -> dict:
    """Whether the document can go out in `require` mode, and why not."""
    from review.recommend import blocking

    mode = report.recommendation.mode
    unresolved = len(blocking(report.findings))
    mode_ok = mode in ALLOWED_MODES[require]
    return {"require": require, "passed": mode_ok and not unresolved, "mode": mode,
            "mode_ok": mode_ok, "unresolved": unresolved}


def exit_code(report: Report, verdict: dict | None) -> int:
    """2 for an unreadable file, 1 when blocked or anything is open, else 0."""
    if report.errors:
        return 2
    if verdict is not None:
        return 0 if verdict["passed"] else 1
    return 1 if needs_review(report) else 0


def progress(files: list[Path]):
    """The files, with a progress bar on stderr only when stderr is a terminal."""
    if len(files) < 2 or not sys.stderr.isatty():
        return files
    from tqdm import tqdm

    return tqdm(files, file=sys.stderr, unit="file", leave=False)


def emit(text: str, bar) -> None:
    """Print a report line without breaking the progress bar."""
    if hasattr(bar, "write"):
        bar.write(text, file=sys.stdout)
    else:
        print(text)


def report_decisions(path: Path, outcome) -> None:
    """Tell, on stderr, which decisions expired or no longer match anything (no values: hashes and rule ids)."""
    from review.report import console_safe

    for label, items in (("stale (matches no finding)", outcome.stale), ("expired", outcome.expired)):
        for d in items:
            line = (f"review: {path}: {label} decision: {d.rule_id} text {d.text_sha256[:12]} "
                    f"by {d.reviewer} at {d.time}")
            print(console_safe(line), file=sys.stderr)


def report_unmatched(reports, decided) -> None:
    """Decisions made on document versions not checked in this run (the draft changed since review?)."""
    checked = {r.document.sha256 for r in reports if r.document is not None}
    other = [d for d in decided.decisions if d.document_sha256 not in checked]
    if other:
        versions = len({d.document_sha256 for d in other})
        print(f"review: {len(other)} decision(s) were made on {versions} document version(s) not checked in this run "
              "(a draft changed since it was reviewed?); they do not apply", file=sys.stderr)


def run(args) -> int:
    """Review every file, print one report each (or one SARIF log), and return the exit code."""
    from review import decisions as dec

    config = config_from(args)
    files = expand_paths(args.paths)
    if not files:
        print("review: error: no supported files found", file=sys.stderr)
        return 2
    decided = dec.load_decisions(args.decisions) if args.decisions else dec.Decisions()
    worst, reports, bar = 0, [], progress(files)
    for path in bar:
        outcome = dec.resolve(review_one(path, config), decided, config=config)
        report = outcome.report
        verdict = gate(report, args.require) if args.require and report.document is not None else None
        reports.append(report)
        worst = max(worst, exit_code(report, verdict))
        _output(args, path, outcome, verdict, bar)
    if args.format == "sarif":
        print(sarif_log(reports, config))
    report_unmatched(reports, decided)
    if args.write_decisions:
        write_template(args, reports, decided)
    return worst


def _output(args, path: Path, outcome, verdict, bar) -> None:
    """The per-file output: a JSON line or the text report, plus errors and decision notes on stderr."""
    from review.report import render_json, render_text

    report = outcome.report
    if args.format == "json":
        extra = {"decisions": outcome.to_dict()} if args.decisions else {}
        if verdict is not None:
            extra["gate"] = verdict
        emit(render_json(report, extra), bar)
    elif args.format == "text":
        emit(render_text(report, args.lang, args.show_values, gate=verdict), bar)
        report_decisions(path, outcome)
    if report.errors:
        from review.report import console_safe

        print(f"review: error: {console_safe(str(path))}: {console_safe('; '.join(report.errors))}", file=sys.stderr)


def sarif_log(reports, config: Config) -> str:
    """The SARIF 2.1.0 log of the run as JSON text."""
    from review.rulepack import load_rulepack
    from review.sarif import to_sarif

    return json.dumps(to_sarif(reports, load_rulepack(config.rules_dir)), ensure_ascii=False, indent=2)


def write_template(args, reports, decided) -> None:
    """Write the decisions already made plus one template entry per open finding."""
    from review import decisions as dec

    reviewer = args.reviewer or os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"
    entries = list(decided.decisions)
    for report in reports:
        entries.extend(dec.template(report, reviewer))
    dec.save_decisions(args.write_decisions, entries)
    print(f"review: wrote {len(entries)} decision(s) to {args.write_decisions}; "
          "fill in the reason of every 'keep' before using it", file=sys.stderr)
