"""The web app's database layer and the publication ledger against a real PostgreSQL server.

`make test` runs the suite under scripts/with-postgres, which starts a throwaway cluster and sets
REVIEW_TEST_POSTGRES_URL; every test gets a database of its own. Without the variable these tests
skip, except under CI (the CI variable set), where they fail: CI cannot pass without PostgreSQL.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.engine import make_url

from review import review_file
from review.config import Config
from webapp import audit, create_app
from webapp.accounts import add_user
from webapp.db import audit_log, create_tables, decisions, documents, make_engine, now, signoffs, transaction, users

from .webapp.conftest import FAST_HASH, PASSWORD, TEST_CONFIG, USERS, AuthActions
from .webapp.test_documents import upload_text

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[1]
MOBILE, OTHER = "13812345678", "13900139000"
DRAFT_TEXT = f"当事人联系电话{MOBILE}。\n现场负责人手机{OTHER}。\n项目代号蓝天工程。\n"
PUBLISHED = {"沪A12345": "上海市黄浦区南京东路100弄5号201室", "沪B54321": "上海市徐汇区漕溪北路200弄3号101室",
             "沪C67890": "上海市静安区常德路300弄8号502室"}
LINKING_DRAFT = {"沪A12345": "张伟", "沪D24680": "王芳", "沪E13579": "李娜"}


def postgres_url() -> str:
    """REVIEW_TEST_POSTGRES_URL; skips when it is unset, fails when it is unset under CI."""
    url = os.environ.get("REVIEW_TEST_POSTGRES_URL")
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail("REVIEW_TEST_POSTGRES_URL is unset under CI: run the tests through scripts/with-postgres "
                    "(`make test` does)")
    pytest.skip("REVIEW_TEST_POSTGRES_URL is unset: "
                "`bash scripts/with-postgres .venv/bin/python -m pytest -m postgres`")


@pytest.fixture
def pg_url():
    """The URL of a fresh database on the test server (xdist workers never share tables); dropped afterwards."""
    base = postgres_url()
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:  # FORCE: pools left open by the code under test are cut off
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def app(pg_url, tmp_path, monkeypatch):
    """The web app configured the production way (REVIEW_DATABASE_URL), with one user per role."""
    monkeypatch.setenv("REVIEW_DATABASE_URL", pg_url)
    application = create_app({**TEST_CONFIG, "DATA_DIR": str(tmp_path / "data")})
    for name, role in USERS:
        add_user(application.extensions["review_db"], name, role, PASSWORD, method=FAST_HASH)
    yield application
    application.extensions["review_db"].dispose()


def rows(app, table) -> list:
    """Every row of a table."""
    with app.extensions["review_db"].connect() as conn:
        return list(conn.execute(select(table)))


def chain(engine) -> tuple:
    """(intact, first bad index, entries) of the audit log."""
    with engine.connect() as conn:
        return audit.verify(conn)


def test_the_gate_skips_locally_and_fails_under_ci(monkeypatch):
    monkeypatch.delenv("REVIEW_TEST_POSTGRES_URL", raising=False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="scripts/with-postgres"):
        postgres_url()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="unset under CI"):
        postgres_url()
    monkeypatch.setenv("REVIEW_TEST_POSTGRES_URL", "postgresql+psycopg://u@/db")
    assert postgres_url() == "postgresql+psycopg://u@/db"


@pytest.fixture
def exported(app):
    """A draft taken through the whole review on PostgreSQL: upload, decisions, sign-off, export."""
    client = app.test_client()
    auth = AuthActions(client)
    auth.login("alice")
    doc = upload_text(auth, DRAFT_TEXT, name="关于某案的处罚决定书.txt")
    auth.logout()
    auth.login("rita")
    found = client.get(f"/api/documents/{doc['id']}").get_json()["findings"]
    kept = next(i for i, f in enumerate(found) if f["text"] == OTHER)
    for _ in range(2):  # the second submit is a no-op
        auth.post_json(f"/documents/{doc['id']}/findings/{kept}/decision",
                       {"decision": "keep", "reason": "单位公开的值班电话"})
    auth.post(f"/documents/{doc['id']}/accept-proposed")
    start = DRAFT_TEXT.index("蓝天工程")
    auth.post_json(f"/documents/{doc['id']}/manual", {"start": start, "end": start + 4})
    auth.post(f"/documents/{doc['id']}/signoff", {"mode": "public", "title": "处罚决定书", "doc_number": "环罚〔2024〕12号"})
    auth.post(f"/documents/{doc['id']}/export")
    return client, doc, found


def test_review_cycle_on_postgres(app, exported):
    client, doc, found = exported
    assert app.extensions["review_db"].dialect.name == "postgresql"
    assert client.get(f"/api/documents/{doc['id']}/status").get_json()["status"] == "exported"
    redacted = client.get(f"/documents/{doc['id']}/download/redacted").get_data(as_text=True)
    assert MOBILE not in redacted and "蓝天工程" not in redacted and OTHER in redacted
    assert [r.reason for r in rows(app, decisions) if r.decision == "keep"] == ["单位公开的值班电话"]
    assert len(rows(app, decisions)) == len(found) + 1  # every finding once, plus the manual redaction
    assert [(s.step, s.signer, s.mode) for s in rows(app, signoffs)] == [(1, "rita", "public")]
    actions = [r.action for r in sorted(rows(app, audit_log), key=lambda r: r.seq)]
    assert actions.count("decision") == len(found)
    assert {"upload", "manual_redaction", "signoff", "export"} <= set(actions)


def test_audit_chain_on_postgres_verifies_and_detects_tampering(app, exported, cli):
    engine, data_dir = app.extensions["review_db"], app.config["DATA_DIR"]
    assert chain(engine)[:2] == (True, None)
    assert cli("audit", "verify", "--data-dir", data_dir).code == 0  # the database: REVIEW_DATABASE_URL
    with engine.begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(actor="mallory"))
    assert chain(engine)[:2] == (False, 2)
    assert "entry 2" in cli("audit", "verify", "--data-dir", data_dir).out


def test_nul_characters_in_input_are_not_a_server_error(app):
    client = app.test_client()
    auth = AuthActions(client)
    failed = client.post("/auth/login", data={"username": "ri\x00ta", "password": "wrong password",
                                              "csrf_token": auth.token()})
    assert failed.status_code == 401  # PostgreSQL refuses NUL in text: this was a 500
    auth.login("alice")
    doc = upload_text(auth, f"当事人联系电话{MOBILE}。")
    auth.logout()
    auth.login("rita")
    answer = auth.post_json(f"/documents/{doc['id']}/findings/0/decision", {"decision": "keep", "reason": "已\x00公开"})
    assert answer.status_code == 200
    assert [r.reason for r in rows(app, decisions)] == ["已公开"]
    assert chain(app.extensions["review_db"])[:2] == (True, None)


def test_concurrent_audit_appends_keep_the_chain_valid(pg_url):
    create_tables(make_engine(pg_url))
    per_thread, start = 60, threading.Barrier(2)
    errors = []

    def append_many(actor):
        engine = make_engine(pg_url)  # its own pool, as another process would have
        try:
            start.wait()
            for i in range(per_thread):  # engine.begin(), not transaction(): no process lock to lean on
                with engine.begin() as conn:
                    audit.append(conn, actor, "test.append", n=i)
        except Exception as exc:  # reported below: a thread's exception would otherwise vanish
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=append_many, args=(name,)) for name in ("rita", "roger")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = make_engine(pg_url)
    assert chain(engine) == (True, None, 2 * per_thread)
    with engine.connect() as conn:
        per_actor = dict(conn.execute(select(audit_log.c.actor, func.count()).group_by(audit_log.c.actor)).all())
    engine.dispose()
    assert per_actor == {"rita": per_thread, "roger": per_thread}


OCCURRENCES = 30


def hammer(url: str, reviewer: str) -> None:
    """One of two processes: on a signal, create the tables, the shared draft, and decide every occurrence."""
    from webapp import store

    engine = make_engine(url)
    print("ready", flush=True)
    sys.stdin.readline()  # both processes start together
    create_tables(engine)
    with transaction(engine) as conn:  # whoever comes first creates the draft; the other finds it
        doc_id = conn.execute(select(documents.c.id).where(documents.c.stored_name == "shared.txt")).scalar()
        if doc_id is None:
            user_id = conn.execute(users.insert().values(username="drafter", password_hash="-", role="drafter",
                                                         created=now())).inserted_primary_key[0]
            doc_id = store.create_document(conn, user_id, "shared.txt", "shared.txt", "txt", 1, "0" * 64)
    for start in range(OCCURRENCES):  # the same order in both: every decision is contended
        with transaction(engine) as conn:
            if store.upsert_decision(conn, doc_id, "cn.mobile", "0" * 64, start, start + 1, decision="redact",
                                     reason="", mask=None, legal_basis="", reviewer=reviewer, time=now()):
                audit.append(conn, reviewer, "decision", doc_id, start=start)
    engine.dispose()


def test_two_processes_writing_at_once(pg_url):
    code = "import sys; from tests.test_postgres import hammer; hammer(sys.argv[1], sys.argv[2])"
    procs = [subprocess.Popen([sys.executable, "-c", code, pg_url, name], cwd=ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for name in ("rita", "roger")]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = [proc.communicate(timeout=120) for proc in procs]
    last_lines = [(err.strip().splitlines() or [""])[-1] for _out, err in results]
    assert [proc.returncode for proc in procs] == [0, 0], last_lines
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(documents)).scalar() == 1
        assert conn.execute(select(func.count()).select_from(decisions)).scalar() == OCCURRENCES
        logged = conn.execute(select(func.count()).where(audit_log.c.action == "decision")).scalar()
    assert logged == OCCURRENCES  # each occurrence decided once: the later process saw the earlier's row
    assert chain(engine)[:2] == (True, None)
    engine.dispose()


def write_table(path: Path, header, table_rows) -> Path:
    """A tab-separated text table (the ledger reads it like any draft)."""
    path.write_text("\n".join(["\t".join(header)] + ["\t".join(r) for r in table_rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def ledger_home(pg_url, tmp_path, monkeypatch):
    """The ledger's data dir (key) via REVIEW_DATA_DIR, its database via REVIEW_DATABASE_URL (PostgreSQL)."""
    monkeypatch.setenv("REVIEW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REVIEW_DATABASE_URL", pg_url)
    monkeypatch.delenv("REVIEW_LEDGER_URL", raising=False)
    return tmp_path / "data"


def ledger_dump(url: str) -> str:
    """Every row of every ledger table as PostgreSQL prints it."""
    engine = create_engine(url)
    with engine.connect() as conn:
        names = [n for n in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()]
        dump = "\n".join(str(r[0]) for n in names for r in conn.execute(text(f'SELECT t::text FROM "{n}" t')))
    engine.dispose()
    assert "ledger_links" in names
    return dump


@pytest.fixture
def published(cli, ledger_home, tmp_path):
    """Two documents in the ledger: a plate-address table (2023-05-01) and a masked ID (2024-03-01)."""
    table = write_table(tmp_path / "published.txt", ["号牌号码", "住址"], PUBLISHED.items())
    masked = tmp_path / "masked.txt"
    masked.write_text("当事人张某某，身份证号310101********12**。", encoding="utf-8")
    assert cli("ledger", "add", table, "--date", "2023-05-01").code == 0
    assert cli("ledger", "add", masked, "--date", "2024-03-01").code == 0
    return Config(ledger_url=os.environ["REVIEW_DATABASE_URL"], ledger_secret_file=ledger_home / "ledger.key")


def test_ledger_check_on_postgres_finds_links_and_recombined_masks(published, pg_url, tmp_path):
    draft = write_table(tmp_path / "draft.txt", ["号牌号码", "车主"], LINKING_DRAFT.items())
    (link,) = [f for f in review_file(draft, published).findings if f.entity_type == "LEDGER_LINKAGE"]
    assert dict(link.details)["published"] == "2023-05-01"
    again = tmp_path / "again.txt"
    again.write_text("当事人张某某，身份证号3101**********1234。", encoding="utf-8")
    (recombined,) = [f for f in review_file(again, published).findings if f.entity_type == "MASK_RECOMBINATION"]
    assert int(dict(recombined.details)["count"]) == 10
    dump = ledger_dump(pg_url)
    for value in [*PUBLISHED, *PUBLISHED.values(), "310101", "南京东路"]:
        assert value not in dump, value


def test_ledger_export_stats_and_purge_on_postgres(cli, published, tmp_path):
    export = tmp_path / "export.json"
    assert cli("ledger", "export", "-o", export).code == 0
    exported = json.loads(export.read_text(encoding="utf-8"))
    assert [d["published"] for d in exported["documents"]] == ["2023-05-01", "2024-03-01"]
    stats = json.loads(cli("ledger", "stats", "--format", "json").out)
    assert (stats["documents"], stats["values"], stats["links"]) == (2, len(exported["values"]), len(exported["links"]))
    assert stats["bytes"] is None and "server database" in cli("ledger", "stats").out
    assert cli("ledger", "purge", "--before", "2024-01-01").out.startswith("purged 1 ")
    after = json.loads(cli("ledger", "stats", "--format", "json").out)
    assert (after["documents"], after["links"], after["first_published"]) == (1, 0, "2024-03-01")
    assert after["masked"] == stats["masked"] > 0
