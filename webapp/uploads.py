"""Accepting an upload: size limit, type by content, a generated stored name, then background analysis.

The name the user gave (Chinese included) is kept for display only; the file
is stored as DATA_DIR/uploads/<random hex>.<format>, so no name can reach the
file system.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from pathlib import Path, PurePath

from flask import current_app

from review.errors import InputError
from webapp import audit
from webapp.db import transaction
from webapp.store import create_document

SUFFIX = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "csv": ".csv", "txt": ".txt"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UploadRefused(Exception):
    """An upload that is not stored; `reason` is safe to show (it never quotes the content)."""

    def __init__(self, name: str, reason: str):
        super().__init__(reason)
        self.name, self.reason = name, reason


def display_name(raw: str | None) -> str:
    """The user's file name for display: last path component only, no control characters, NFC."""
    name = unicodedata.normalize("NFC", raw or "")
    name = _CONTROL.sub("", name.replace("\\", "/").split("/")[-1])
    # Control and format characters (C1 controls, RTL/LTR overrides and isolates, zero-width marks) would let
    # "invoice\u202Excod.exe" display as "invoiceexe.docx" in the queue and the download dialog.
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf")).strip()
    if not name.replace(" ", "").strip("."):
        name = "upload"
    if len(name) > 200:
        suffix = PurePath(name).suffix[:12]
        name = name[:200 - len(suffix)] + suffix
    return name


def read_limited(stream, limit: int, name: str) -> bytes:
    """Read at most `limit` bytes, refusing a larger file."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(name, f"the file is larger than the limit of {limit // (1024 * 1024)} MB")
    if not data:
        raise UploadRefused(name, "the file is empty (0 bytes)")
    return data


def sniff(name: str, data: bytes) -> str:
    """The format decided from the bytes (a PNG named .docx is refused)."""
    from review.loaders import sniff_format

    try:
        return sniff_format(Path(name), data)
    except InputError as exc:
        raise UploadRefused(name, exc.reason) from None


def store_upload(user, raw_name: str | None, stream) -> int:
    """Check, store and queue one uploaded file; returns the document id or raises UploadRefused."""
    name = display_name(raw_name)
    data = read_limited(stream, current_app.config["MAX_FILE_BYTES"], name)
    fmt = sniff(name, data)
    stored = secrets.token_hex(16) + SUFFIX[fmt]
    path = Path(current_app.config["DATA_DIR"]) / "uploads" / stored
    path.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    with transaction() as conn:
        doc_id = create_document(conn, user.id, name, stored, fmt, len(data), digest)
        audit.append(conn, user.username, "upload", doc_id, sha256=digest, size=len(data), format=fmt,
                     name_sha256=audit.sha(name))
    current_app.extensions["review_tasks"].submit(doc_id)
    return doc_id


def store_many(user, files) -> tuple[list[int], list[dict]]:
    """Store every file of a request: (ids stored, [{name, reason}] refused)."""
    stored, refused = [], []
    if not files:
        return [], [{"name": "", "reason": "no file was sent"}]
    for item in files:
        try:
            stored.append(store_upload(user, item.filename, item.stream))
        except UploadRefused as exc:
            refused.append({"name": exc.name, "reason": exc.reason})
            with transaction() as conn:  # a refused upload is on the record too: nothing vanishes unexplained
                audit.append(conn, user.username, "upload.refused", name_sha256=audit.sha(exc.name),
                             reason=exc.reason)
    return stored, refused
