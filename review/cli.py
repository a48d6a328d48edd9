"""The `review` command line: subcommands, documented exit codes, no logic of its own.

Each subcommand lives in review/commands/<name>.py with `register(subparsers)`
that adds its parser and sets `func(args) -> int`.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from review import __version__
from review.errors import ReviewError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_CODES_HELP = """exit codes:
  0  no blocking finding (the document can go out in the requested mode)
  1  findings need review, or block the requested mode (--require)
  2  usage or input error (unreadable, corrupt, encrypted, empty, oversized or unsupported file)
  3  internal error (a bug: please report it; no document content is printed)
"""
COMMANDS = ("check", "redact", "eval", "serve", "users", "ledger", "audit")


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with one subparser per available command."""
    parser = argparse.ArgumentParser(
        prog="review", description="Pre-publication confidentiality and privacy review.",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"prepub-review {__version__}")
    parser.add_argument("--debug", action="store_true", help="show internal tracebacks (may include document text)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"review.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"review.commands.{name}":
                raise
            continue
        module.register(subparsers, EXIT_CODES_HELP)
    return parser


def main(argv=None) -> int:
    """Run the CLI; returns the exit code instead of raising."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        return int(args.func(args))
    except ReviewError as exc:
        from review.report import console_safe

        print(f"review: error: {console_safe(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("review: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`review check ... | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if args.debug:
            raise
        print(f"review: internal error ({type(exc).__name__}); rerun with --debug for details", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
