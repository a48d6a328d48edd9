"""Every state-changing form and fetch() call needs the session's CSRF token."""
from __future__ import annotations

import pytest

from .test_documents import upload_text


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_login_without_the_token_is_refused(client, token):
    data = {"username": "alice", "password": "correct horse battery"}
    if token:
        data["csrf_token"] = token
    assert client.post("/auth/login", data=data).status_code == 400


def test_decision_without_the_token_is_refused(client, auth):
    auth.login("alice")
    doc = upload_text(auth, "经查，联系电话13812345678。")
    auth.logout()
    auth.login("rita")
    url = f"/documents/{doc['id']}/findings/0/decision"
    assert client.post(url, json={"decision": "redact"}).status_code == 400
    assert client.post(url, data={"decision": "redact"}).status_code == 400
    assert auth.post_json(url, {"decision": "redact"}).status_code == 200


def test_upload_without_the_token_is_refused(client, auth):
    import io

    auth.login("alice")
    response = client.post("/documents/upload", data={"files": (io.BytesIO(b"text"), "a.txt")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert client.get("/api/documents").get_json() == {"documents": []}
