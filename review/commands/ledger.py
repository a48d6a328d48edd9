"""`review ledger add|export|stats|purge`: the publication ledger (keyed hashes only, never plaintext).

`review check` consults the ledger when one is configured (ledger_url in the configuration file,
`--ledger URL`, or $REVIEW_LEDGER_URL).
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from review.config import Config
from review.errors import InputError
from review.ledger import SECRET_FILE, Ledger, data_dir, database_errors, database_url


def register(subparsers, epilog: str) -> None:
    """Add the `ledger` subcommand and its actions."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: $REVIEW_DATABASE_URL, "
                                                    "else SQLite under the data directory)")
    common.add_argument("--data-dir", metavar="DIR", help="data directory holding the key and the default "
                                                          "database (default: $REVIEW_DATA_DIR or "
                                                          "~/.local/share/prepub-review)")
    common.add_argument("--config", metavar="FILE", help="YAML configuration file")
    p = subparsers.add_parser("ledger", help="record what was published; export, size, purge", epilog=epilog,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="ledger_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", parents=[common], help="record published documents")
    add.add_argument("paths", nargs="+", metavar="FILE")
    add.add_argument("--date", type=_date, default=None, help="publication date YYYY-MM-DD (default today)")
    add.set_defaults(func=run_add)
    export = actions.add_parser("export", parents=[common], help="JSON of hashes and dates (no plaintext)")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    export.set_defaults(func=run_export)
    stats = actions.add_parser("stats", parents=[common], help="size figure: documents, values, bytes")
    stats.add_argument("--format", choices=("text", "json"), default="text")
    stats.set_defaults(func=run_stats)
    purge = actions.add_parser("purge", parents=[common], help="remove documents published before a date")
    purge.add_argument("--before", type=_date, required=True, metavar="DATE", help="YYYY-MM-DD")
    purge.set_defaults(func=run_purge)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def open_ledger(args, create: bool = False) -> Ledger:
    """The ledger named by --db/--data-dir/environment, with this installation's key."""
    config = Config.load(args.config)
    directory = data_dir(args.data_dir)
    secret = config.ledger_secret_file or directory / SECRET_FILE
    url = args.db or config.ledger_url or database_url(None, directory)
    return Ledger(url, Path(secret), create=create)


def run_add(args) -> int:
    """Record each file's identifiers, links and masked forms as keyed hashes."""
    from review.loaders import load_document
    from review.pipeline import analyse
    from review.aggregation import build_context
    from review.ledger_check import hash_record

    ledger = open_ledger(args, create=True)
    config = Config.load(args.config).with_(ledger_url="")  # recording does not consult the ledger
    published, worst = args.date or date.today(), 0
    for path in args.paths:
        try:
            document = load_document(Path(path), config)
        except InputError as exc:
            print(f"review: error: {exc}", file=sys.stderr)
            worst = 2
            continue
        ctx = build_context(document, tuple(analyse(document, config)), config)
        with database_errors(ledger.url):
            result = ledger.add(document.sha256, published,
                                [hash_record(r, ledger.hasher, ctx.rules) for r in ctx.records])
        verb = "replaced" if result.replaced else "added"
        print(f"{verb} {path}: {result.values} values, {result.links} links, {result.masks} masked "
              f"(document {result.doc_key[:12]}, published {published.isoformat()})")
    return worst


def run_export(args) -> int:
    """Write the ledger as JSON (hashes, kinds, masked-position patterns and dates)."""
    ledger = open_ledger(args)
    with database_errors(ledger.url):
        text = json.dumps(ledger.export(), ensure_ascii=False, indent=1)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def run_stats(args) -> int:
    """Print the ledger's size figure."""
    ledger = open_ledger(args)
    with database_errors(ledger.url):
        stats = ledger.stats()
    if args.format == "json":
        print(json.dumps(stats))
        return 0
    size = "n/a (server database)" if stats["bytes"] is None else f"{stats['bytes']} bytes"
    print(f"documents: {stats['documents']}\nvalues: {stats['values']}\nlinks: {stats['links']}\n"
          f"masked: {stats['masked']}\nsize: {size}\n"
          f"published: {stats['first_published'] or '-'} .. {stats['last_published'] or '-'}")
    return 0


def run_purge(args) -> int:
    """Remove documents published before --before, with their values, links and masked forms."""
    ledger = open_ledger(args)
    with database_errors(ledger.url):
        removed = ledger.purge(args.before)
    print(f"purged {removed} document(s) published before {args.before.isoformat()}")
    return 0

