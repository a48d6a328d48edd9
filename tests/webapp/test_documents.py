"""Uploads, the queue, the document view: isolation between drafters, hostile content, bad files."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

MOBILE = "13812345678"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def upload_text(auth, text: str, name: str = "draft.txt") -> dict:
    """Upload a text draft and return its status JSON (analysis is synchronous in tests)."""
    response = auth.upload(name, text.encode("utf-8"))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["documents"][0]


def stored_files(app) -> list[Path]:
    """Everything under DATA_DIR/uploads."""
    return sorted((Path(app.config["DATA_DIR"]) / "uploads").iterdir())


def test_upload_is_analysed_and_listed(client, auth):
    auth.login("alice")
    doc = upload_text(auth, f"经查，当事人联系电话{MOBILE}。")
    assert doc["status"] == "to_review"
    assert doc["counts"] == {"personal": 1}
    queue = client.get("/").get_data(as_text=True)
    assert "draft.txt" in queue and "alice" in queue


def test_several_files_in_one_request(client, auth):
    auth.login("alice")
    files = [(io.BytesIO("第一份".encode()), "一.txt"), (io.BytesIO("第二份".encode()), "二.txt")]
    response = auth.post("/documents/upload", {"files": files}, headers={"Accept": "application/json"},
                         content_type="multipart/form-data")
    assert [d["name"] for d in response.get_json()["documents"]] == ["一.txt", "二.txt"]


@pytest.mark.parametrize("path", ["/documents/{id}", "/documents/{id}/status", "/api/documents/{id}",
                                  "/api/documents/{id}/status", "/documents/{id}/record"])
def test_drafters_cannot_see_each_others_drafts(client, auth, path):
    auth.login("alice")
    doc = upload_text(auth, f"联系电话{MOBILE}")
    auth.logout()
    auth.login("bob")
    assert client.get(path.format(id=doc["id"])).status_code == 404
    assert "draft.txt" not in client.get("/").get_data(as_text=True)
    assert client.get("/api/documents").get_json() == {"documents": []}
    auth.logout()
    auth.login("rita")
    assert client.get(path.format(id=doc["id"])).status_code == 200


@pytest.mark.parametrize("path", ["/documents/{id}", "/api/documents/{id}", "/documents/{id}/record"])
def test_admins_manage_users_but_do_not_read_drafts(client, auth, path):
    """Least privilege: IT administrators see users and the audit log, not the drafts' content."""
    auth.login("alice")
    doc = upload_text(auth, f"联系电话{MOBILE}")
    auth.logout()
    auth.login("ada")
    assert client.get(path.format(id=doc["id"])).status_code == 404
    assert client.get("/api/documents").get_json() == {"documents": []}


def test_hostile_content_is_shown_as_text(client, auth):
    auth.login("alice")
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)><b>粗体</b>'
    doc = upload_text(auth, f"联系电话{MOBILE}\n{hostile}", name="<b onmouseover=x>名字.txt")
    page = client.get(doc["url"]).get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>粗体" not in page
    assert "&lt;b onmouseover=x&gt;名字.txt" in page


@pytest.mark.parametrize("name, shown", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("/absolute/关于某事的复函.txt", "关于某事的复函.txt"),
    ("..", "upload"),
])
def test_file_names_cannot_reach_the_file_system(app, client, auth, name, shown):
    auth.login("alice")
    doc = upload_text(auth, "正文", name=name)
    assert doc["name"] == shown
    stored = stored_files(app)
    assert len(stored) == 1 and stored[0].parent == Path(app.config["DATA_DIR"]) / "uploads"
    assert stored[0].name.endswith(".txt") and shown not in stored[0].name
    assert not (Path(app.config["DATA_DIR"]).parent / "etc").exists()


@pytest.mark.parametrize("name, data, reason", [
    ("photo.docx", PNG, "unsupported file type"),
    ("empty.txt", b"", "empty"),
    ("big.txt", b"a" * 200_001, "larger than the limit"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "damaged"),
])
def test_bad_uploads_are_refused_with_a_reason(app, client, auth, name, data, reason):
    auth.login("alice")
    response = auth.upload(name, data)
    assert response.status_code == 400
    refused = response.get_json()["refused"]
    assert refused[0]["name"] == name and reason in refused[0]["reason"]
    assert stored_files(app) == []


def test_a_request_over_the_total_limit_is_refused(client, auth):
    auth.login("alice")
    assert auth.upload("huge.txt", b"a" * 1_100_000).status_code == 413


def test_failed_analysis_shows_why_and_keeps_the_upload(app, client, auth):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document this is not xml")
    auth.login("alice")
    doc = auth.upload("坏文件.docx", buffer.getvalue()).get_json()["documents"][0]
    assert doc["status"] == "failed" and "not well-formed" in doc["error"]
    page = client.get(doc["url"]).get_data(as_text=True)
    assert "not well-formed" in page and "坏文件.docx" in page
    assert len(stored_files(app)) == 1


def test_queue_filters(client, auth):
    auth.login("alice")
    upload_text(auth, f"联系电话{MOBILE}", name="有发现.txt")
    auth.upload("坏.docx", b"PK\x03\x04 broken")
    assert "有发现.txt" in client.get("/?status=to_review").get_data(as_text=True)
    assert "有发现.txt" not in client.get("/?status=exported").get_data(as_text=True)
    assert "有发现.txt" in client.get("/?mode=public&sort=name").get_data(as_text=True)


def test_api_report_is_the_check_json_contract(client, auth, cli, tmp_path):
    text = f"经查，当事人联系电话{MOBILE}。\n第二行，无敏感内容。\n"
    auth.login("alice")
    doc = upload_text(auth, text)
    from_api = client.get(f"/api/documents/{doc['id']}").get_json()
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    from_cli = json.loads(cli("check", path, "--format", "json").out)
    assert from_api["file"] == "draft.txt"
    assert {k: v for k, v in from_api.items() if k != "file"} == {k: v for k, v in from_cli.items() if k != "file"}


def test_api_upload_with_a_token(client, auth):
    auth.login("alice")
    page = auth.post("/auth/tokens", {"label": "cms"}).get_data(as_text=True)
    token = page.split('id="new-token">')[1].split("<")[0]
    auth.logout()
    response = client.post("/api/documents", data={"file": (io.BytesIO(f"电话{MOBILE}".encode()), "api.txt")},
                           headers={"Authorization": f"Bearer {token}"}, content_type="multipart/form-data")
    assert response.status_code == 201
    doc_id = response.get_json()["documents"][0]["id"]
    listed = client.get("/api/documents", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert [d["id"] for d in listed["documents"]] == [doc_id]


def test_upload_without_javascript_lists_the_results_in_the_page(client, auth):
    auth.login("alice")
    refused = auth.upload("照片.docx", PNG, accept_json=False)
    assert refused.status_code == 400 and "照片.docx" in refused.get_data(as_text=True)
    stored = auth.upload("复函.txt", "正文".encode(), accept_json=False)
    assert stored.status_code == 200 and 'href="/documents/1"' in stored.get_data(as_text=True)


def test_hidden_layers_have_their_own_pane(client, auth):
    from docx import Document

    draft = Document()
    paragraph = draft.add_paragraph("关于排污许可证的答复")
    draft.add_comment(paragraph.runs, text="请核实举报人电话13812345678", author="审核人甲")
    buffer = io.BytesIO()
    draft.save(buffer)
    auth.login("alice")
    doc = auth.upload("答复.docx", buffer.getvalue()).get_json()["documents"][0]
    page = client.get(doc["url"]).get_data(as_text=True)
    visible, hidden = page.split('class="hidden-pane"')
    assert "请核实举报人电话" in hidden and "请核实举报人电话" not in visible.split('id="doc-text"')[1]
    assert "<h3>批注" in hidden
