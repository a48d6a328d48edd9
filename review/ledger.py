"""The publication ledger: what was already published, as HMAC-SHA256 keyed hashes, never plaintext.

For each published document it stores the hashes of its identifying values, the pairs of values
that stood in one record (row or paragraph), and, for masked identifiers, which positions were
visible (see docs/aggregation.md, "Ledger"). The key is a per-installation secret in a file with
0600 permissions under the data directory; without it the database reveals nothing but counts.
Any SQLAlchemy URL works; the default is SQLite under the data directory.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import (Column, Date, DateTime, ForeignKey, Integer, MetaData, String, Table, create_engine,
                        delete, func, insert, select)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from review.errors import ConfigError

SECRET_FILE = "ledger.key"
DB_FILE = "ledger.sqlite3"
FINGERPRINT_LABEL = b"prepub-review ledger fingerprint v1"
MASK_CHARS = frozenset("*＊×")
FAMILIES = {"CN_MOBILE": "phone", "CN_LANDLINE": "phone", "PHONE_NUMBER": "phone", "PERSON": "name",
            "CREDIT_CARD": "bank", "CN_BANK_CARD": "bank"}

metadata = MetaData()
meta_table = Table("ledger_meta", metadata, Column("key", String(32), primary_key=True),
                   Column("value", String(128), nullable=False))
documents = Table("ledger_documents", metadata,
                  Column("id", Integer, primary_key=True, autoincrement=True),
                  Column("doc_key", String(64), nullable=False, unique=True),
                  Column("published", Date, nullable=False, index=True),
                  Column("added", DateTime, nullable=False),
                  Column("n_values", Integer, nullable=False, default=0),
                  Column("n_links", Integer, nullable=False, default=0),
                  Column("n_masks", Integer, nullable=False, default=0))
values = Table("ledger_values", metadata,
               Column("id", Integer, primary_key=True, autoincrement=True),
               Column("document_id", Integer, ForeignKey("ledger_documents.id"), nullable=False, index=True),
               Column("value_hash", String(64), nullable=False, index=True),
               Column("kind", String(32), nullable=False),
               Column("published", Date, nullable=False))
links = Table("ledger_links", metadata,
              Column("id", Integer, primary_key=True, autoincrement=True),
              Column("document_id", Integer, ForeignKey("ledger_documents.id"), nullable=False, index=True),
              Column("a_hash", String(64), nullable=False, index=True),
              Column("b_hash", String(64), nullable=False, index=True),
              Column("a_kind", String(32), nullable=False),
              Column("b_kind", String(32), nullable=False),
              Column("published", Date, nullable=False))
masks = Table("ledger_masks", metadata,
              Column("id", Integer, primary_key=True, autoincrement=True),
              Column("document_id", Integer, ForeignKey("ledger_documents.id"), nullable=False, index=True),
              Column("key_hash", String(64), nullable=False, index=True),
              Column("length", Integer, nullable=False),
              Column("pattern", String(64), nullable=False),  # V = visible, * = masked: no digits
              Column("positions", String(2048), nullable=False),  # "pos:hmac16,..." keyed per identity key
              Column("name_hash", String(64)),
              Column("surname_hash", String(64)),
              Column("published", Date, nullable=False))
CHILD_TABLES = (values, links, masks)


def data_dir(explicit=None) -> Path:
    """--data-dir, else $REVIEW_DATA_DIR, else $XDG_DATA_HOME/prepub-review (~/.local/share/prepub-review)."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get("REVIEW_DATA_DIR"):
        return Path(os.environ["REVIEW_DATA_DIR"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "prepub-review"


def database_url(explicit=None, directory=None) -> str:
    """--db, else $REVIEW_DATABASE_URL, else SQLite under the data directory."""
    return explicit or os.environ.get("REVIEW_DATABASE_URL") or f"sqlite:///{data_dir(directory) / DB_FILE}"


def safe_url(url: str) -> str:
    """The URL as it may appear in messages: password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL: say so without echoing it
        return "<invalid database URL>"


def load_secret(path: Path, create: bool) -> bytes:
    """The installation's HMAC key; created (0600) when asked and missing; refused when others can read it."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise ConfigError(f"{path}: no ledger secret here; run `review ledger add` on this installation, "
                              "or point ledger_secret_file / REVIEW_DATA_DIR at the installation's key")
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise ConfigError(f"{path}: the ledger secret is readable by other users (mode {mode:o}); run chmod 600 {path}")
    raw = path.read_text(encoding="ascii").strip()
    if not re.fullmatch(r"[0-9a-f]{64}", raw):
        raise ConfigError(f"{path}: not a ledger secret (expected 64 hexadecimal characters)")
    return bytes.fromhex(raw)


class Hasher:
    """Keyed hashes of values, with domain separation per value family."""

    def __init__(self, secret: bytes):
        self._secret = secret

    def digest(self, *parts: str) -> str:
        """HMAC-SHA256 over the parts joined by a unit separator."""
        message = "\x1f".join(parts).encode("utf-8")
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def value(self, kind: str, text: str) -> str:
        """The keyed hash of one value, normalised (spaces, dashes, +86 and case do not matter)."""
        return self.digest("value", FAMILIES.get(kind, kind), normalise(kind, text))

    @property
    def fingerprint(self) -> str:
        """Identifies the key without revealing it: a database refuses a different key."""
        return hmac.new(self._secret, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()


def normalise(kind: str, text: str) -> str:
    """The canonical form of a value before hashing."""
    compact = re.sub(r"[\s\-－—·•()（）]", "", text).upper()
    if FAMILIES.get(kind) == "phone" and compact.startswith("+86"):
        compact = compact[3:]
    return compact


@dataclass(frozen=True)
class AddResult:
    """What one `ledger add` stored for a document (counts only)."""

    doc_key: str
    values: int
    links: int
    masks: int
    replaced: bool


class Ledger:
    """A connection to the ledger database with the installation's key."""

    def __init__(self, url: str, secret_file: Path, *, create: bool = False):
        self.url = url
        self.hasher = Hasher(load_secret(secret_file, create))  # first: no stray database without a key
        try:
            _prepare_sqlite(url)
            self.engine = create_engine(url, future=True)
            metadata.create_all(self.engine)
        except ImportError:
            raise ConfigError(f"ledger database {safe_url(url)}: its database driver is not installed") from None
        except (SQLAlchemyError, OSError, ValueError) as exc:
            raise ConfigError(f"ledger database {safe_url(url)}: cannot open ({type(exc).__name__})") from None
        with database_errors(url):
            self._check_fingerprint()

    def _check_fingerprint(self) -> None:
        """Store the key's fingerprint on first use; refuse a different key later."""
        with self.engine.begin() as conn:
            stored = conn.execute(select(meta_table.c.value).where(meta_table.c.key == "fingerprint")).scalar()
            if stored is None:
                conn.execute(insert(meta_table).values(key="fingerprint", value=self.hasher.fingerprint))
            elif stored != self.hasher.fingerprint:
                raise ConfigError(f"ledger database {safe_url(self.url)}: was written with a different secret "
                                  "(wrong data directory or key file)")

    def doc_key(self, sha256: str) -> str:
        """The keyed identity of a document (its file hash, keyed)."""
        return self.hasher.digest("document", sha256)

    def add(self, sha256: str, published: date, hashed_records) -> AddResult:
        """Record a published document (replacing an earlier record of the same file)."""
        key = self.doc_key(sha256)
        vals, pairs, masked = _flatten(hashed_records)
        with self.engine.begin() as conn:
            replaced = self._remove(conn, [key]) > 0
            doc_id = conn.execute(insert(documents).values(
                doc_key=key, published=published, added=datetime.now(timezone.utc).replace(tzinfo=None),
                n_values=len(vals), n_links=len(pairs), n_masks=len(masked))).inserted_primary_key[0]
            _insert(conn, values, [{"document_id": doc_id, "value_hash": h, "kind": k, "published": published}
                                   for h, k in vals])
            _insert(conn, links, [{"document_id": doc_id, "a_hash": a, "b_hash": b, "a_kind": ak, "b_kind": bk,
                                   "published": published} for (a, ak), (b, bk) in pairs])
            _insert(conn, masks, [dict(m, document_id=doc_id, published=published) for m in masked])
        return AddResult(key, len(vals), len(pairs), len(masked), replaced)

    def _remove(self, conn, keys) -> int:
        ids = [r[0] for r in conn.execute(select(documents.c.id).where(documents.c.doc_key.in_(keys)))]
        for table in CHILD_TABLES:
            conn.execute(delete(table).where(table.c.document_id.in_(ids)))
        conn.execute(delete(documents).where(documents.c.id.in_(ids)))
        return len(ids)

    def purge(self, before: date) -> int:
        """Remove documents published before a date, with everything recorded for them."""
        with self.engine.begin() as conn:
            keys = [r[0] for r in conn.execute(select(documents.c.doc_key).where(documents.c.published < before))]
            return self._remove(conn, keys)

    def stats(self) -> dict:
        """The size figure: documents, values, links, masked values, bytes, date range."""
        with self.engine.connect() as conn:
            count = {t.name: conn.execute(select(func.count()).select_from(t)).scalar() for t in
                     (documents, values, links, masks)}
            first, last = conn.execute(select(func.min(documents.c.published), func.max(documents.c.published))).one()
        return {"documents": count["ledger_documents"], "values": count["ledger_values"],
                "links": count["ledger_links"], "masked": count["ledger_masks"], "bytes": self.size_bytes(),
                "first_published": first.isoformat() if first else None,
                "last_published": last.isoformat() if last else None}

    def size_bytes(self) -> int | None:
        """The database file's size for SQLite; None for a server database."""
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            path = Path(url.database)
            return path.stat().st_size if path.exists() else 0
        return None

    def export(self) -> dict:
        """Everything in the ledger as JSON-ready data: hashes, kinds, patterns and dates; no plaintext."""
        with self.engine.connect() as conn:
            docs = {r.id: r.doc_key for r in conn.execute(select(documents.c.id, documents.c.doc_key))}
            out = {"version": 1, "documents": [
                {"document": r.doc_key, "published": r.published.isoformat(), "added": r.added.isoformat(),
                 "values": r.n_values, "links": r.n_links, "masked": r.n_masks}
                for r in conn.execute(select(documents).order_by(documents.c.published, documents.c.id))]}
            out["values"] = [{"hash": r.value_hash, "kind": r.kind, "document": docs[r.document_id],
                              "published": r.published.isoformat()} for r in conn.execute(select(values))]
            out["links"] = [{"a": r.a_hash, "b": r.b_hash, "a_kind": r.a_kind, "b_kind": r.b_kind,
                             "document": docs[r.document_id], "published": r.published.isoformat()}
                            for r in conn.execute(select(links))]
            out["masked"] = [{"key": r.key_hash, "length": r.length, "pattern": r.pattern, "positions": r.positions,
                              "name": r.name_hash, "surname": r.surname_hash, "document": docs[r.document_id],
                              "published": r.published.isoformat()} for r in conn.execute(select(masks))]
        return out

    def links_touching(self, hashes, exclude_doc: str | None = None) -> list:
        """Published links with an endpoint among the hashes (other documents than exclude_doc)."""
        return self._select_in(links, (links.c.a_hash, links.c.b_hash), hashes, exclude_doc)

    def masks_under(self, keys, exclude_doc: str | None = None) -> list:
        """Published masked values filed under any of the identity keys."""
        return self._select_in(masks, (masks.c.key_hash,), keys, exclude_doc)

    def _select_in(self, table, columns, wanted, exclude_doc) -> list:
        wanted = sorted(set(wanted))
        rows = []
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 400):  # stay under every backend's bound-parameter limit
                chunk = wanted[i:i + 400]
                cond = columns[0].in_(chunk)
                for column in columns[1:]:
                    cond = cond | column.in_(chunk)
                query = select(table, documents.c.doc_key).join(documents, documents.c.id == table.c.document_id)
                if exclude_doc:
                    query = query.where(documents.c.doc_key != exclude_doc)
                rows.extend(conn.execute(query.where(cond)).all())
        return list({r.id: r for r in rows}.values())


@contextmanager
def database_errors(url: str):
    """Turn a database failure into an error that names the (password-free) URL and the kind of failure."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise ConfigError(f"ledger database {safe_url(url)}: {type(exc).__name__}") from None


def _prepare_sqlite(url: str) -> None:
    """Create a SQLite file's directory (0700) and the file itself (0600) before SQLAlchemy opens it."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return
    path = Path(parsed.database)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def _insert(conn, table, rows) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _flatten(hashed_records):
    """Distinct values, links and masked entries over all records of a document."""
    vals, pairs, masked = {}, {}, {}
    for rec in hashed_records:
        vals.update(dict(rec.values))
        for pair in rec.pairs:
            pairs[(pair[0][0], pair[1][0])] = pair
        for m in rec.masks:
            masked[(m["key_hash"], m["pattern"], m["positions"])] = m
    return list(vals.items()), list(pairs.values()), list(masked.values())
