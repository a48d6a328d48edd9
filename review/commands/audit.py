"""`review audit verify`: check the web app's hash-chained audit log (exit 0 intact, 1 tampered)."""
from __future__ import annotations

import argparse


def register(subparsers, epilog: str) -> None:
    """Add the `audit` subcommand."""
    p = subparsers.add_parser("audit", help="verify the web app's audit log", epilog=epilog,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="recompute the hash chain; exit 1 and name the first bad entry")
    verify.add_argument("--data-dir", metavar="DIR", help="default $REVIEW_DATA_DIR or ./review-data")
    p.set_defaults(func=run)


def run(args) -> int:
    """Verify the chain; print the result."""
    from webapp import audit, create_app, data_dir_from

    app = create_app({"DATA_DIR": str(data_dir_from(args.data_dir)), "WORKER": "none"})
    with app.extensions["review_db"].connect() as conn:
        intact, first_bad, count = audit.verify(conn)
    if intact:
        print(f"audit log intact: {count} entries verified")
        return 0
    print(f"audit log TAMPERED: entry {first_bad} (0-based) does not match the chain ({count} entries read)")
    return 1

