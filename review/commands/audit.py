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
    import os

    from sqlalchemy import select

    from review.errors import InputError
    from webapp import audit, data_dir_from, open_app_for_cli

    data_dir = data_dir_from(args.data_dir)
    # Opening a missing data dir would create an empty database and report it "intact": refuse instead.
    if not os.environ.get("REVIEW_DATABASE_URL") and not (data_dir / "review.db").is_file():
        raise InputError(str(data_dir), "no web app database here (review.db is missing); check --data-dir")
    app = open_app_for_cli(data_dir, WORKER="none")
    with app.extensions["review_db"].connect() as conn:
        intact, first_bad, count = audit.verify(conn)
        last = conn.execute(select(audit.audit_log.c.hash).order_by(audit.audit_log.c.seq.desc()).limit(1)).scalar()
    if intact:
        # The newest hash, to note elsewhere: a log cut short after that point no longer reaches it.
        print(f"audit log intact: {count} entries verified; newest hash {last or audit.GENESIS}")
        return 0
    print(f"audit log TAMPERED: entry {first_bad} (0-based) does not match the chain ({count} entries read)")
    return 1

