"""`review users add|list|token`: accounts of the web app (passwords from a prompt or standard input)."""
from __future__ import annotations

import argparse
import getpass
import sys

from review.errors import ReviewError


def register(subparsers, epilog: str) -> None:
    """Add the `users` subcommand and its actions."""
    p = subparsers.add_parser("users", help="manage web app users", epilog=epilog,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a user; the password is read from a prompt, or from standard "
                                         "input when it is not a terminal")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=("drafter", "reviewer", "admin"))
    listing = actions.add_parser("list", help="list users")
    token = actions.add_parser("token", help="create an API token for a user (printed once)")
    token.add_argument("name")
    token.add_argument("--label", default="cli")
    for sub in (add, listing, token):
        sub.add_argument("--data-dir", metavar="DIR", help="default $REVIEW_DATA_DIR or ./review-data")
    p.set_defaults(func=run)


def _app(args):
    """The app over the data dir, without a worker (nothing is analysed from here)."""
    from webapp import data_dir_from, open_app_for_cli

    return open_app_for_cli(data_dir_from(args.data_dir), WORKER="none")


def read_password() -> str:
    """From a hidden prompt (asked twice) on a terminal, else the first line of standard input."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise ReviewError("the passwords differ")
    return first


def run(args) -> int:
    """Carry out the action; account problems are usage errors (exit 2)."""
    from webapp import accounts

    engine = _app(args).extensions["review_db"]
    try:
        if args.action == "add":
            accounts.add_user(engine, args.name, args.role, read_password())
            print(f"user {args.name} added ({args.role})")
        elif args.action == "list":
            for u in accounts.list_users(engine):
                print(f"{u.username}\t{u.role}\t{'active' if u.active else 'disabled'}\t{u.created}")
        else:
            user = next((u for u in accounts.list_users(engine) if u.username == args.name), None)
            if user is None:
                raise accounts.AccountError(f"no user {args.name!r}")
            print(accounts.create_token(engine, user.id, args.label, "cli"))
    except accounts.AccountError as exc:
        raise ReviewError(str(exc)) from None
    return 0
