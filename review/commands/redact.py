"""`review redact FILE -o OUT`: write a redacted copy, then prove no redacted value is left in it.

Exit 0: written and clean; 1: the residue check found a redacted value in the
output (the output is deleted); 2: input or usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from review.config import Config
from review.errors import ReviewError


def register(subparsers, epilog: str) -> None:
    """Add the `redact` subcommand."""
    p = subparsers.add_parser("redact", help="write a redacted copy (values removed, not covered)", epilog=epilog,
                              formatter_class=argparse.RawDescriptionHelpFormatter,
                              description="Apply the engine's redactions (or the reviewers' decisions), remove "
                                          "comments, tracked changes, hidden text and personal metadata, and check "
                                          "the output for residue.")
    p.add_argument("path", metavar="FILE", help="the document to redact (.docx, .pdf, .xlsx, .csv, .txt, .md)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="where to write the redacted copy")
    p.add_argument("--decisions", metavar="FILE", help="reviewers' decisions (JSON, version 1)")
    p.add_argument("--config", metavar="FILE", help="YAML configuration file (masks per entity type ...)")
    p.add_argument("--tracked-changes", choices=("accept", "reject"), default="accept",
                   help="resolve tracked changes by accepting (default) or rejecting them")
    p.set_defaults(func=run)


FORMAT_SUFFIXES = {".docx", ".pdf", ".xlsx", ".csv", ".tsv", ".txt", ".md", ".markdown"}


def check_output(source: Path, output: Path) -> None:
    """Refuse an output the redactor cannot honestly write: missing folder, the input itself, another format."""
    if not output.parent.is_dir():
        raise ReviewError(f"{output}: the output folder does not exist")
    if output.exists() and source.exists() and output.resolve() == source.resolve():
        raise ReviewError(f"{output}: the output must not overwrite the draft itself")
    out_suffix, in_suffix = output.suffix.lower(), source.suffix.lower()
    if out_suffix in FORMAT_SUFFIXES and in_suffix in FORMAT_SUFFIXES and out_suffix != in_suffix:
        raise ReviewError(f"{output}: the redacted copy keeps the draft's format ({in_suffix}); "
                          f"name the output {output.with_suffix(in_suffix).name}")


def run(args) -> int:
    """Redact one file and print what was done (counts and notes, never values)."""
    from review.redact import redact_file

    check_output(Path(args.path), Path(args.output))
    config = Config.load(args.config)
    result = redact_file(args.path, args.output, decisions=args.decisions, config=config,
                         tracked_changes=args.tracked_changes)
    print(f"{result.output}: {result.redacted} value(s) redacted; residue check passed")
    for note in result.notes:
        print(f"  - {note}")
    if result.rasterised_pages:
        pages = ", ".join(map(str, result.rasterised_pages))
        print(f"  ! page(s) {pages} were rasterised (no selectable text left on them)", file=sys.stderr)
    return 0
