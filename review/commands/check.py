"""`review check FILE...`: review drafts and report; exit 1 when something needs a reviewer."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from review.config import Config
from review.errors import InputError
from review.model import Report
from review.report import render_json, render_text

SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".docx", ".pdf", ".xlsx", ".csv", ".tsv"}


def register(subparsers, epilog: str) -> None:
    """Add the `check` subcommand."""
    p = subparsers.add_parser("check", help="review drafts and report findings", epilog=epilog,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="FILE", help="files or directories (scanned recursively)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="report format (default text)")
    p.add_argument("--show-values", action="store_true", help="print matched values unmasked in the text report")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the text report")
    p.add_argument("--config", metavar="FILE", help="YAML configuration file")
    p.add_argument("--max-file-mb", type=float, metavar="MB", help="refuse files larger than this")
    p.set_defaults(func=run)


def expand_paths(paths) -> list[Path]:
    """Files as given, and supported files under directories, recursively and sorted."""
    out = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            out.append(path)
    return out


def config_from(args) -> Config:
    """The Config for this run: file, then flags."""
    overrides = {}
    if getattr(args, "max_file_mb", None):
        overrides["max_file_bytes"] = int(args.max_file_mb * 1024 * 1024)
    return Config.load(args.config, **overrides)


def review_one(path: Path, config: Config) -> Report:
    """Review one file; an input problem becomes a Report with an error instead of an exception."""
    from review import review_file

    try:
        return review_file(path, config)
    except InputError as exc:
        return Report(file=str(path), document=None, errors=(exc.reason,))


def needs_review(report: Report) -> bool:
    """True when any finding still needs a reviewer's action."""
    return any(f.action != "none" for f in report.findings)


def run(args) -> int:
    """Review every file, print one report each, and return the exit code."""
    config = config_from(args)
    files = expand_paths(args.paths)
    if not files:
        print("review: error: no supported files found", file=sys.stderr)
        return 2
    worst = 0
    for path in files:
        report = review_one(path, config)
        if args.format == "json":
            print(render_json(report))
        else:
            print(render_text(report, args.lang, args.show_values))
        if report.errors:
            print(f"review: error: {path}: {'; '.join(report.errors)}", file=sys.stderr)
            worst = max(worst, 2)
        elif needs_review(report):
            worst = max(worst, 1)
    return worst
