"""Per-finding decisions, manual redactions, sign-off, second sign-off, export and the review record."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from webapp.db import audit_log, decisions

from .test_documents import upload_text

MOBILE, OTHER = "13812345678", "13900139000"
TEXT = f"当事人联系电话{MOBILE}。\n复核时再次拨打{MOBILE}。\n现场负责人手机{OTHER}。\n项目代号蓝天工程。\n"


@pytest.fixture
def doc(auth):
    """A draft uploaded by alice, with rita (reviewer) logged in."""
    auth.login("alice")
    uploaded = upload_text(auth, TEXT)
    auth.logout()
    auth.login("rita")
    return uploaded


def rows(app, table):
    """Every row of a table."""
    with app.extensions["review_db"].connect() as conn:
        return list(conn.execute(select(table)))


def decide(auth, doc, index, **body):
    """POST a decision on one finding the way the page's script does."""
    return auth.post_json(f"/documents/{doc['id']}/findings/{index}/decision", body)


def findings(client, doc):
    """The findings of the stored report."""
    return client.get(f"/api/documents/{doc['id']}").get_json()["findings"]


def test_keep_needs_a_reason(auth, doc):
    response = decide(auth, doc, 0, decision="keep")
    assert response.status_code == 400
    assert decide(auth, doc, 0, decision="keep", reason="已公开的办公电话").get_json()["ok"]


def test_double_submit_is_idempotent(app, auth, doc):
    for _ in range(2):
        assert decide(auth, doc, 0, decision="redact").status_code == 200
    assert len(rows(app, decisions)) == 1
    assert [r.action for r in rows(app, audit_log)].count("decision") == 1


def test_apply_to_every_occurrence_of_the_value(app, client, auth, doc):
    same = [i for i, f in enumerate(findings(client, doc)) if f["text"] == MOBILE]
    answer = decide(auth, doc, same[0], decision="redact", mask="[电话]", all="1").get_json()
    assert answer["indices"] == same and len(same) == 2
    assert {(r.decision, r.mask) for r in rows(app, decisions)} == {("redact", "[电话]")}


def test_drafters_cannot_decide(client, auth, doc):
    auth.logout()
    auth.login("alice")
    assert decide(auth, doc, 0, decision="redact").status_code == 403


def test_manual_redaction_by_offsets(app, client, auth, doc):
    start = TEXT.index("蓝天工程")
    assert auth.post_json(f"/documents/{doc['id']}/manual", {"start": start, "end": start + 4}).get_json()["ok"]
    manual = rows(app, decisions)[0]
    assert manual.rule_id == "manual.redaction"
    assert manual.text_sha256 == hashlib.sha256("蓝天工程".encode()).hexdigest()
    assert 'class="hl manual st-redact"' in client.get(doc["url"]).get_data(as_text=True)


def test_manual_redaction_across_lines_is_refused(auth, doc):
    start = TEXT.index("。")
    assert auth.post_json(f"/documents/{doc['id']}/manual", {"start": start, "end": start + 5}).status_code == 400


def signoff(auth, doc, **form):
    """Submit the sign-off form."""
    return auth.post(f"/documents/{doc['id']}/signoff", {"mode": "public", "title": "关于某案的处罚决定书",
                                                         "doc_number": "环罚〔2024〕12号", **form})


def status_of(client, doc):
    """The document's review status."""
    return client.get(f"/api/documents/{doc['id']}/status").get_json()["status"]


def test_signoff_needs_every_flag_decided(client, auth, doc):
    signoff(auth, doc)
    assert status_of(client, doc) == "to_review"
    auth.post(f"/documents/{doc['id']}/accept-proposed")
    signoff(auth, doc)
    assert status_of(client, doc) == "decided"
    assert decide(auth, doc, 0, decision="keep", reason="晚了").status_code == 409


def test_a_double_signoff_is_harmless(app, client, auth, doc):
    auth.post(f"/documents/{doc['id']}/accept-proposed")
    assert signoff(auth, doc).status_code == 302
    assert signoff(auth, doc).status_code == 302
    assert [r.action for r in rows(app, audit_log)].count("signoff") == 1
    auth.logout()
    auth.login("roger")
    assert signoff(auth, doc).status_code == 409


def test_a_mode_other_than_the_recommendation_needs_reasons(client, auth, doc):
    auth.post(f"/documents/{doc['id']}/accept-proposed")
    signoff(auth, doc, mode="targeted")
    assert status_of(client, doc) == "to_review"
    signoff(auth, doc, mode="targeted", reasons="仅涉及特定当事人")
    assert status_of(client, doc) == "decided"


def test_second_signoff_by_another_reviewer(app, client, auth, doc):
    app.config["SECOND_SIGNOFF"] = True
    auth.post(f"/documents/{doc['id']}/accept-proposed")
    signoff(auth, doc)
    assert status_of(client, doc) == "awaiting_signoff"
    auth.post(f"/documents/{doc['id']}/signoff2")
    assert status_of(client, doc) == "awaiting_signoff"
    auth.logout()
    auth.login("roger")
    auth.post(f"/documents/{doc['id']}/signoff2", {"reasons": "同意"})
    assert status_of(client, doc) == "decided"
    record = client.get(f"/documents/{doc['id']}/record").get_data(as_text=True)
    assert "rita" in record and "roger" in record and "环罚〔2024〕12号" in record


def test_export_writes_what_the_cli_reads(app, client, auth, doc, cli, tmp_path):
    kept = next(i for i, f in enumerate(findings(client, doc)) if f["text"] == OTHER)
    decide(auth, doc, kept, decision="keep", reason="单位公开的值班电话")
    auth.post(f"/documents/{doc['id']}/accept-proposed")
    start = TEXT.index("蓝天工程")
    auth.post_json(f"/documents/{doc['id']}/manual", {"start": start, "end": start + 4})
    signoff(auth, doc)
    auth.post(f"/documents/{doc['id']}/export")
    assert status_of(client, doc) == "exported"
    download = client.get(f"/documents/{doc['id']}/download/redacted")
    assert download.headers["Cache-Control"] == "no-store"  # never kept by a browser or proxy cache
    redacted = download.get_data(as_text=True)
    assert MOBILE not in redacted and "蓝天工程" not in redacted and OTHER in redacted
    decisions_file = tmp_path / "decisions.json"
    decisions_file.write_bytes(client.get(f"/api/documents/{doc['id']}/decisions").get_data())
    assert MOBILE not in decisions_file.read_text(encoding="utf-8")
    original = tmp_path / "draft.txt"
    original.write_text(TEXT, encoding="utf-8")
    assert cli("check", original, "--require", "public", "--decisions", decisions_file).code == 0


def test_export_refuses_an_undecided_document(client, auth, doc):
    assert auth.post(f"/documents/{doc['id']}/export").status_code == 409


def test_reopen_withdraws_the_signoff(client, auth, doc):
    auth.post(f"/documents/{doc['id']}/accept-proposed")
    signoff(auth, doc)
    auth.post(f"/documents/{doc['id']}/reopen")
    assert status_of(client, doc) == "to_review"
    assert decide(auth, doc, 0, decision="keep", reason="复核后保留").status_code == 200


def test_an_export_with_residue_is_refused(monkeypatch, app, client, auth, doc):
    import review.redact as redact

    def leaky(src, out, **kwargs):
        raise redact.ResidueError(out, ["138****5678 @ line 1"])

    monkeypatch.setattr(redact, "redact_file", leaky)
    auth.post(f"/documents/{doc['id']}/accept-proposed")
    signoff(auth, doc)
    page = auth.post(f"/documents/{doc['id']}/export", follow_redirects=True).get_data(as_text=True)
    assert "residue check" in page and MOBILE not in page.split('id="doc-text"')[0]
    assert status_of(client, doc) == "decided"
    assert client.get(f"/documents/{doc['id']}/download/redacted").status_code == 404
    assert [r.action for r in rows(app, audit_log)][-1] == "export.failed"
