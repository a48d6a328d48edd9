"""Authentication, roles, session cookie, security headers, API tokens."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from webapp.db import api_tokens, audit_log


def test_pages_need_a_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_login_and_logout(client, auth):
    assert auth.login("alice").status_code == 302
    assert client.get("/").status_code == 200
    auth.logout()
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("username, password", [("alice", "wrong password"), ("nobody", "correct horse battery")])
def test_wrong_credentials_are_refused_and_logged(app, client, auth, username, password):
    response = auth.login(username, password)
    assert response.status_code == 401
    with app.extensions["review_db"].connect() as conn:
        actions = [r.action for r in conn.execute(select(audit_log))]
    assert actions[-1] == "login.failed"


def test_repeated_failures_lock_the_name(client, auth):
    for _ in range(5):
        auth.login("bob", "wrong password")
    assert auth.login("bob").status_code == 401  # even the right password, for the lock window


def test_login_does_not_follow_an_external_next(client, auth):
    token = auth.token()
    response = client.post("/auth/login?next=//evil.example/x", data={
        "username": "alice", "password": "correct horse battery", "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_session_cookie_is_httponly_and_samesite(client, auth):
    response = auth.login("alice")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_security_headers(client):
    headers = client.get("/auth/login").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"]


@pytest.mark.parametrize("path", ["/", "/documents/upload", "/admin/audit", "/admin/users", "/auth/tokens"])
def test_pages_have_no_inline_script_and_no_external_asset(client, auth, path):
    auth.login("ada")
    page = client.get(path).get_data(as_text=True)
    assert "<script>" not in page and "onclick=" not in page and "style=" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)


@pytest.mark.parametrize("user, path, status", [
    ("alice", "/admin/users", 403),
    ("alice", "/admin/audit", 403),
    ("rita", "/admin/audit", 403),
    ("ada", "/admin/audit", 200),
    ("ada", "/admin/users", 200),
    ("rita", "/", 200),
])
def test_roles_on_pages(client, auth, user, path, status):
    auth.login(user)
    assert client.get(path).status_code == status


def test_api_needs_authentication(client):
    assert client.get("/api/documents").status_code == 401
    assert client.get("/api/documents", headers={"Authorization": "Bearer rv_not-a-token"}).status_code == 401


def test_api_token_is_shown_once_and_stored_hashed(app, client, auth):
    auth.login("alice")
    page = auth.post("/auth/tokens", {"label": "cms"}).get_data(as_text=True)
    token = page.split('id="new-token">')[1].split("<")[0]
    with app.extensions["review_db"].connect() as conn:
        stored = [r.token_hash for r in conn.execute(select(api_tokens))]
    assert token not in stored and len(stored) == 1
    auth.logout()
    response = client.get("/api/documents", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.get_json() == {"documents": []}


def test_language_switch(client, auth):
    auth.login("alice")
    assert "审查队列" in client.get("/").get_data(as_text=True)
    auth.post("/auth/lang/en")
    assert "Review queue" in client.get("/").get_data(as_text=True)
