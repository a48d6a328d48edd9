"""`review serve --demo`: demo accounts and the sample drafts in the queue, ready to click through."""
from __future__ import annotations

import hashlib
import io
import os
import secrets
from pathlib import Path

from sqlalchemy import select

from review.config import PROJECT_ROOT
from webapp import accounts
from webapp.db import documents, users
from webapp.uploads import UploadRefused, store_upload

DEMO_USERS = (("drafter", "drafter"), ("reviewer", "reviewer"), ("leader", "reviewer"), ("admin", "admin"))
SAMPLES_DIR = PROJECT_ROOT / "samples" / "dev"
SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".xlsx", ".csv"}


def demo_password(username: str) -> str:
    """REVIEW_DEMO_PASSWORD when set (same for every demo user), else a fresh one-time password."""
    return os.environ.get("REVIEW_DEMO_PASSWORD") or secrets.token_urlsafe(9)


def ensure_users(engine) -> dict[str, str]:
    """Create or reset the demo accounts; returns {name: password} to print once."""
    known = {u.username for u in accounts.list_users(engine)}
    passwords = {}
    for name, role in DEMO_USERS:
        password = demo_password(name)
        if name in known:
            accounts.set_password(engine, name, password, actor="demo")
        else:
            accounts.add_user(engine, name, role, password, actor="demo")
        passwords[name] = password
    return passwords


def load_samples(app, samples_dir: Path = SAMPLES_DIR) -> int:
    """Upload every sample draft not yet in the database (as the demo drafter); returns how many."""
    if not samples_dir.is_dir():
        return 0
    engine = app.extensions["review_db"]
    with engine.connect() as conn:
        have = {row.sha256 for row in conn.execute(select(documents.c.sha256))}
        drafter = conn.execute(select(users).where(users.c.username == "drafter")).first()
    added = 0
    for path in sorted(p for p in samples_dir.iterdir() if p.suffix.lower() in SUFFIXES):
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() in have:
            continue
        try:
            with app.test_request_context():
                store_upload(drafter, path.name, io.BytesIO(data))
            added += 1
        except UploadRefused:
            continue
    return added
