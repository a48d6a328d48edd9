"""`review serve`: the review web app under waitress (SQLite and uploads under the data dir)."""
from __future__ import annotations

import argparse
import sys


def register(subparsers, epilog: str) -> None:
    """Add the `serve` subcommand."""
    p = subparsers.add_parser("serve", help="run the review web app", epilog=epilog,
                              formatter_class=argparse.RawDescriptionHelpFormatter,
                              description="Run the web app with waitress. The database is SQLite under the data "
                                          "directory unless REVIEW_DATABASE_URL names another (e.g. PostgreSQL).")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=5000, help="port (default 5000)")
    p.add_argument("--data-dir", metavar="DIR", help="database, uploads and exports (default $REVIEW_DATA_DIR "
                                                     "or ./review-data)")
    p.add_argument("--threads", type=int, default=8, help="request threads (default 8)")
    p.add_argument("--demo", action="store_true",
                   help="create demo users (passwords printed once, or $REVIEW_DEMO_PASSWORD) and queue the "
                        "sample drafts of samples/dev/")
    p.set_defaults(func=run)


def run(args) -> int:
    """Create the app, optionally set up the demo, and serve until interrupted."""
    from waitress.server import create_server

    from review.errors import ReviewError
    from webapp import data_dir_from, open_app_for_cli

    app = open_app_for_cli(data_dir_from(args.data_dir))
    try:  # bind before announcing: a port in use is a usage error, not an internal one
        server = create_server(app, host=args.host, port=args.port, threads=args.threads, ident="prepub-review")
    except OSError as exc:
        app.extensions["review_tasks"].shutdown()
        raise ReviewError(f"cannot listen on {args.host}:{args.port} ({exc.strerror or type(exc).__name__})") from None
    if args.demo:
        _demo(app)
    print(f"review: serving on http://{args.host}:{args.port}/ (data in {app.config['DATA_DIR']}); "
          f"Ctrl+C to stop", file=sys.stderr, flush=True)
    try:
        server.run()
    finally:
        server.close()
    return 0


def _demo(app) -> None:
    """Demo accounts (printed once on the terminal) and the sample drafts in the queue."""
    from webapp import demo

    passwords = demo.ensure_users(app.extensions["review_db"])
    added = demo.load_samples(app)
    print("demo accounts (one-time passwords; set REVIEW_DEMO_PASSWORD to choose your own):", flush=True)
    for name, role in demo.DEMO_USERS:
        print(f"  {name:<10} {role:<9} {passwords[name]}", flush=True)
    print(f"{added} sample draft(s) queued for analysis", flush=True)
