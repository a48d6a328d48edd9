"""The audit log: hash-chained, tamper-evident (CLI and API), free of sensitive values."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from webapp import audit
from webapp.db import audit_log

from .test_documents import upload_text

MOBILE = "13812345678"


@pytest.fixture
def busy(app, auth):
    """Some activity: logins, an upload, a decision with a reason that names a person."""
    auth.login("alice")
    doc = upload_text(auth, f"投诉人张三，电话{MOBILE}。", name="张三投诉.txt")
    auth.logout()
    auth.login("rita")
    decided = auth.post_json(f"/documents/{doc['id']}/findings/0/decision", {"decision": "keep", "reason": "张三同意公开"})
    assert decided.status_code == 200  # else the reason never reaches the log and the leak test proves nothing
    auth.logout()
    return app


def verify(app):
    """(intact, first bad index, count)."""
    with app.extensions["review_db"].connect() as conn:
        return audit.verify(conn)


def test_activity_is_recorded_in_an_intact_chain(busy):
    with busy.extensions["review_db"].connect() as conn:
        actions = [r.action for r in conn.execute(select(audit_log).order_by(audit_log.c.seq))]
    assert {"user.add", "login", "upload", "decision", "logout"} <= set(actions)
    assert verify(busy)[:2] == (True, None)


def test_no_sensitive_value_in_the_log(busy):
    with busy.extensions["review_db"].connect() as conn:
        dump = " ".join(str(tuple(r)) for r in conn.execute(select(audit_log)))
    for secret in (MOBILE, "张三", "同意公开"):
        assert secret not in dump


@pytest.mark.parametrize("tamper", ["edit", "delete", "rehash"])
def test_tampering_is_detected(busy, cli, tamper):
    engine = busy.extensions["review_db"]
    with engine.begin() as conn:
        if tamper == "edit":
            conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(actor="mallory"))
        elif tamper == "delete":
            conn.execute(delete(audit_log).where(audit_log.c.seq == 3))
        else:  # a forger who recomputes the edited entry's own hash still breaks the next link
            row = conn.execute(select(audit_log).where(audit_log.c.seq == 3)).first()
            forged = audit.entry_hash(row.prev_hash, 3, row.time, "mallory", row.action, row.document_id, row.details)
            conn.execute(update(audit_log).where(audit_log.c.seq == 3).values(actor="mallory", hash=forged))
    expected_bad = 3 if tamper == "rehash" else 2
    assert verify(busy)[:2] == (False, expected_bad)
    result = cli("audit", "verify", "--data-dir", busy.config["DATA_DIR"])
    assert result.code == 1 and f"entry {expected_bad}" in result.out


def test_api_reports_tampering_to_admins(busy, client, auth):
    auth.login("ada")
    assert client.get("/api/audit/verify").get_json()["ok"] is True
    with busy.extensions["review_db"].begin() as conn:
        conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(details="{}"))
    response = client.get("/api/audit/verify")
    assert response.status_code == 409 and response.get_json()["first_bad"] == 1
    assert "chain-status" in client.get("/admin/audit").get_data(as_text=True)


def test_only_admins_verify_through_the_api(busy, client, auth):
    auth.login("rita")
    assert client.get("/api/audit/verify").status_code == 403


def test_cli_verify_on_an_intact_log(busy, cli):
    result = cli("audit", "verify", "--data-dir", busy.config["DATA_DIR"])
    assert result.code == 0 and "intact" in result.out
