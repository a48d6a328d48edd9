"""A hostile drafter or outsider: open redirects, CSRF on the language switch, stolen cookies after logout,
malformed decision bodies, deceptive file names, refused uploads on the record."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from webapp import accounts
from webapp.db import audit_log
from webapp.uploads import display_name

from .conftest import PASSWORD
from .test_documents import upload_text


def actions(app) -> list[str]:
    """Every audit action, oldest first."""
    with app.extensions["review_db"].connect() as conn:
        return [r.action for r in conn.execute(select(audit_log).order_by(audit_log.c.seq))]


# Browsers drop tab/newline inside URLs: "/\t/evil.example" is followed as "//evil.example".
HOSTILE_NEXT = ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\u202e/evil.example",
                "//evil.example", "/\\evil.example", "https://evil.example", "/ /evil.example"]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_next_never_leaves_the_site(client, auth, target):
    response = client.post("/auth/login", query_string={"next": target},
                           data={"username": "alice", "password": PASSWORD, "csrf_token": auth.token()})
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_language_switch_next_never_leaves_the_site(client, auth, target):
    auth.login("alice")
    response = auth.post("/auth/lang/en", query_string={"next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_language_switch_is_a_csrf_checked_post(client, auth):
    auth.login("alice")
    assert client.get("/auth/lang/en").status_code == 405  # a link on another site cannot switch it
    assert client.post("/auth/lang/en").status_code == 400  # no token
    assert "审查队列" in client.get("/").get_data(as_text=True)
    assert auth.post("/auth/lang/en", query_string={"next": "/?status=to_review"}).headers["Location"] == \
        "/?status=to_review"
    assert "Review queue" in client.get("/").get_data(as_text=True)


def test_a_copied_session_cookie_is_dead_after_logout(app, client, auth):
    auth.login("alice")
    stolen = client.get_cookie("review_session").value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie("review_session", stolen)
    assert thief.get("/").status_code == 302
    assert thief.get("/api/documents").status_code == 401


@pytest.mark.parametrize("change", ["password", "disable"])
def test_password_reset_and_disabling_end_existing_sessions(app, client, auth, change):
    auth.login("alice")
    assert client.get("/").status_code == 200
    engine = app.extensions["review_db"]
    alice = next(u for u in accounts.list_users(engine) if u.username == "alice")
    if change == "password":
        accounts.set_password(engine, "alice", "another long password", actor="ada")
    else:
        accounts.set_active(engine, alice.id, False, actor="ada")
    assert client.get("/").status_code == 302


def test_password_reset_does_not_re_enable_a_disabled_account(app, auth):
    engine = app.extensions["review_db"]
    alice = next(u for u in accounts.list_users(engine) if u.username == "alice")
    accounts.set_active(engine, alice.id, False, actor="ada")
    accounts.set_password(engine, "alice", "another long password", actor="ada")
    assert auth.login("alice", "another long password").status_code == 401


@pytest.mark.parametrize("body", [[1, 2], "redact", 7])
def test_a_decision_body_that_is_not_an_object_is_a_400(client, auth, body):
    auth.login("alice")
    doc = upload_text(auth, "经查，联系电话13812345678。")
    auth.logout()
    auth.login("rita")
    response = client.post(f"/documents/{doc['id']}/findings/0/decision", json=body,
                           headers={"X-CSRFToken": auth.token("/"), "Accept": "application/json"})
    assert response.status_code == 400


def test_manual_redaction_fields_are_bounded(app, client, auth):
    auth.login("alice")
    doc = upload_text(auth, "经查，联系电话13812345678。")
    auth.logout()
    auth.login("rita")
    response = auth.post_json(f"/documents/{doc['id']}/manual", {"start": 0, "end": 2, "basis": "x" * 100_000})
    assert response.status_code == 200
    from webapp.store import decisions_for

    assert len(decisions_for(app.extensions["review_db"], doc["id"])[0].legal_basis) <= 2000


@pytest.mark.parametrize("raw, shown", [
    ("invoice\u202excod.exe", "invoicexcod.exe"),           # right-to-left override
    ("a\u2066b\u2069\u200b.txt", "ab.txt"),                   # isolates, zero-width space
    ("c1\x85\x9b.txt", "c1.txt"),                               # C1 controls
    ("...", "upload"), (". . .", "upload"), ("\u202e", "upload"),
    ("报告\u200d.docx", "报告.docx"),
])
def test_display_names_lose_format_characters(raw, shown):
    assert display_name(raw) == shown


def test_a_refused_upload_is_on_the_record_without_its_name(app, auth):
    auth.login("alice")
    response = auth.upload("张三的照片.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert response.status_code == 400
    assert actions(app)[-1] == "upload.refused"
    with app.extensions["review_db"].connect() as conn:
        dump = " ".join(str(tuple(r)) for r in conn.execute(select(audit_log)))
    assert "张三" not in dump


def test_login_failures_are_tracked_for_a_bounded_number_of_names(app, client, auth, monkeypatch):
    from webapp import auth as auth_module

    monkeypatch.setattr(auth_module, "MAX_TRACKED_NAMES", 2)
    monkeypatch.setattr(auth_module, "FAILURE_WINDOW", 0)  # every earlier failure is already outside the window
    for i in range(4):
        auth.login(f"nobody{i}", "wrong password")
    failures, _lock = app.extensions["review_login_failures"]
    assert 1 <= len(failures) <= 2


def test_the_audit_chain_covers_account_and_token_changes(app, client, auth):
    auth.login("nobody", "wrong password")
    auth.login("ada")
    assert auth.post("/admin/users", {"username": "zoe", "role": "drafter", "password": "long enough pw"}) \
        .status_code == 302
    zoe = next(u for u in accounts.list_users(app.extensions["review_db"]) if u.username == "zoe")
    auth.post(f"/admin/users/{zoe.id}/password", {"password": "another long pw"})
    auth.post(f"/admin/users/{zoe.id}/active", {"active": "0"})
    auth.post("/auth/tokens", {"label": "cms"})
    auth.logout()
    recorded = actions(app)
    for action in ("login.failed", "login", "user.add", "user.password", "user.disable", "token.create", "logout"):
        assert action in recorded, action


XSS = '<img src=x onerror="alert(1)">'


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_comment_authors_metadata_and_reasons_are_shown_as_text(app, client, auth, tmp_path, lang):
    from tests.loaders.builders import build_docx

    path = build_docx(tmp_path / "x.docx", body=[f"当事人电话13812345678。{XSS}"],
                      comments=[(XSS, f"批注{XSS}")],
                      author=XSS, company=XSS, tables=[[(XSS, "13912345678")]])
    auth.login("alice")
    doc = auth.upload(f"{XSS}.docx", path.read_bytes()).get_json()["documents"][0]
    auth.logout()
    auth.login("rita")
    if lang == "en":
        auth.post("/auth/lang/en")
    assert auth.post_json(f"/documents/{doc['id']}/findings/0/decision",
                          {"decision": "keep", "reason": XSS}).status_code == 200
    for url in (doc["url"], "/", f"/documents/{doc['id']}/record"):
        page = client.get(url).get_data(as_text=True)
        assert "<img" not in page, url
    assert "&lt;img src=x" in client.get(doc["url"]).get_data(as_text=True)


def test_a_long_queue_says_it_is_cut_short(client, auth, monkeypatch):
    from webapp import store

    monkeypatch.setattr(store, "QUEUE_LIMIT", 2)
    auth.login("alice")
    for i in range(2):
        upload_text(auth, "关于开展环保宣传活动的通知\n", name=f"{i}.txt")
    assert 'id="queue-truncated"' in client.get("/").get_data(as_text=True)
    assert client.get("/api/documents").get_json()["truncated"] is True
    monkeypatch.setattr(store, "QUEUE_LIMIT", 3)
    assert 'id="queue-truncated"' not in client.get("/").get_data(as_text=True)
    assert "truncated" not in client.get("/api/documents").get_json()


def test_an_unwritable_exports_dir_is_an_export_error_not_a_500(app, client, auth, monkeypatch):
    from webapp import exporting

    auth.login("alice")
    doc = upload_text(auth, "经查，联系电话13812345678。")
    auth.logout()
    auth.login("rita")
    auth.post(f"/documents/{doc['id']}/accept-proposed")
    auth.post(f"/documents/{doc['id']}/signoff", {"mode": "public"})

    def full_disk(path, entries):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporting, "write_decisions", full_disk)
    response = auth.post(f"/documents/{doc['id']}/export")
    assert response.status_code == 302
    assert actions(app)[-1] == "export.failed"


def test_an_api_token_can_be_revoked_by_its_owner_only(app, client, auth):
    engine = app.extensions["review_db"]
    alice = next(u for u in accounts.list_users(engine) if u.username == "alice")
    auth.login("alice")
    page = auth.post("/auth/tokens", {"label": "cms"}).get_data(as_text=True)
    token = page.split('id="new-token">')[1].split("<")[0]
    token_id = accounts.list_tokens(engine, alice.id)[0].id
    assert 'id="token-list"' in client.get("/auth/tokens").get_data(as_text=True)
    auth.logout()
    auth.login("bob")
    assert auth.post(f"/auth/tokens/{token_id}/revoke").status_code == 404
    auth.logout()
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/documents", headers=bearer).status_code == 200
    auth.login("alice")
    assert auth.post(f"/auth/tokens/{token_id}/revoke").status_code == 302
    auth.logout()
    assert client.get("/api/documents", headers=bearer).status_code == 401
    assert actions(app)[-2:] == ["token.revoke", "logout"]


def test_error_pages_carry_the_security_headers_and_no_details(app, client, auth, caplog):
    quoted = "张三 " + "13812345678"

    def boom():
        raise RuntimeError(quoted)  # an internal error whose message quotes content

    app.add_url_rule("/boom", view_func=boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    auth.login("alice")
    for path, code in (("/boom", 500), ("/no-such-page", 404), ("/static/app.css", 200)):
        response = client.get(path)
        assert response.status_code == code
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        body = response.get_data(as_text=True)
        assert "13812345678" not in body and "RuntimeError" not in body and "Traceback" not in body
    assert "internal error (RuntimeError) on GET /boom" in caplog.text  # logged, but without its message
    assert "13812345678" not in caplog.text


def test_reports_and_downloads_are_never_stored_by_a_cache(app, client, auth):
    auth.login("alice")
    doc = upload_text(auth, "关于开展环保宣传活动的通知\n")
    for url in ("/", doc["url"], f"/api/documents/{doc['id']}", doc["status_url"]):
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_a_successful_login_clears_earlier_failures(client, auth):
    for _ in range(4):
        auth.login("bob", "wrong password")
    assert auth.login("bob").status_code == 302
    auth.logout()
    auth.login("bob", "wrong password")  # one typo later must not lock the account
    assert auth.login("bob").status_code == 302
