"""Reviewer decisions: file format, validation, expiry, stale decisions, what keep and redact do."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from review import text_document
from review.decisions import (Decision, Decisions, apply_decisions, load_decisions, resolve, save_decisions,
                              template)
from review.errors import InputError
from review.model import Finding, Report
from review.recommend import blocking

DOC = text_document("关于某公司的行政处罚决定书\n联系电话13812345678。\n内部资料")
PHONE = "13812345678"
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def make_report(*findings) -> Report:
    return Report(file="d.txt", document=DOC, findings=tuple(findings))


def phone(action="redact") -> Finding:
    start = DOC.text.index(PHONE)
    seg = DOC.segment_at(start)
    return Finding("personal.cn_mobile", "personal", "CN_MOBILE", start, start + 11, PHONE, seg.location,
                   1.0, "high", action, ("basis",), "手机号码")


def mark() -> Finding:
    start = DOC.text.index("内部资料")
    return Finding("internal.mark_line", "internal", "INTERNAL_MARK", start, start + 4, "内部资料",
                   DOC.segment_at(start).location, 0.9, "high", "review", ("basis",), "内部标志")


def decision(f: Finding, choice="keep", **kw) -> Decision:
    values = dict(document_sha256=DOC.sha256, rule_id=f.rule_id, text_sha256=f.text_hash, decision=choice,
                  reviewer="alice", time="2025-06-01T10:00:00+08:00", reason="已核实", legal_basis="条例第三十七条")
    values.update(kw)
    return Decision(**values)


def test_a_decisions_file_round_trips_and_holds_no_plaintext(tmp_path):
    path = tmp_path / "decisions.json"
    original = Decisions((decision(phone(), "redact", mask="138****5678"), decision(mark(), expires="2030-01-01")))
    save_decisions(path, original)
    assert PHONE not in path.read_text(encoding="utf-8")
    assert load_decisions(path) == original
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1


def test_keep_turns_the_action_to_none_as_a_reviewer_decision():
    outcome = resolve(make_report(mark()), Decisions((decision(mark()),)), now=NOW)
    (kept,) = outcome.report.findings
    assert kept.action == "none" and kept.role == "reviewer_decision"
    assert "reviewer decision" in kept.explanation
    assert outcome.applied == 1 and outcome.report.recommendation.mode == "public"


def test_redact_stays_redact_but_is_resolved():
    outcome = resolve(make_report(phone()), Decisions((decision(phone(), "redact"),)), now=NOW)
    (decided,) = outcome.report.findings
    assert decided.action == "redact" and decided.mask
    assert blocking(list(outcome.report.findings)) == []


def test_a_redact_decision_on_a_review_finding_makes_it_a_redaction_with_a_mask():
    outcome = resolve(make_report(phone("review")), Decisions((decision(phone(), "redact"),)), now=NOW)
    assert outcome.report.findings[0].action == "redact" and outcome.report.findings[0].mask


def test_an_expired_decision_does_not_apply_and_is_reported():
    old = decision(mark(), expires="2025-12-31T00:00:00Z")
    outcome = resolve(make_report(mark()), Decisions((old,)), now=NOW)
    assert outcome.report.findings[0].action == "review"
    assert outcome.expired == (old,) and outcome.applied == 0


def test_a_decision_that_matches_no_finding_is_stale():
    stale = decision(phone(), text_sha256="0" * 64)
    report, stale_list = apply_decisions(make_report(phone()), Decisions((stale,)))
    assert stale_list == [stale]
    assert report.findings[0].action == "redact" and not dict(report.findings[0].details).get("decision")


def test_a_decision_on_another_version_of_the_document_does_not_apply():
    other = decision(mark(), document_sha256="f" * 64)
    outcome = resolve(make_report(mark()), Decisions((other,)), now=NOW)
    assert outcome.applied == 0 and outcome.other_documents == 1 and outcome.stale == ()


@pytest.mark.parametrize("change,problem", [
    ({"text": PHONE}, "unknown field 'text'"),
    ({"reason": ""}, "missing reason"),
    ({"decision": "maybe"}, "is not valid"),
    ({"text_sha256": "xyz"}, "64 lowercase hex"),
    ({"time": "yesterday"}, "ISO 8601"),
])
def test_invalid_decisions_name_the_file_and_the_entry_without_values(tmp_path, change, problem):
    raw = decision(phone()).to_dict() | change
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"version": 1, "decisions": [raw]}), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_decisions(path)
    assert problem in str(info.value) and "decision 1" in str(info.value) and str(path) in str(info.value)
    assert PHONE not in str(info.value)


def test_a_file_that_is_not_a_decisions_file_is_an_input_error(tmp_path):
    path = tmp_path / "d.json"
    path.write_text('{"version": 2, "decisions": []}', encoding="utf-8")
    with pytest.raises(InputError, match="not a decisions file"):
        load_decisions(path)


def test_the_template_has_one_entry_per_open_finding_from_the_engines_action():
    entries = template(make_report(phone(), phone(), mark()), "alice", NOW)
    assert [(d.rule_id, d.decision) for d in entries] == [("personal.cn_mobile", "redact"), ("internal.mark_line", "keep")]
    assert all(d.reviewer == "alice" and d.document_sha256 == DOC.sha256 for d in entries)
    assert entries[1].reason == ""  # a reviewer must say why a flagged item is kept


def test_manual_redactions_are_counted_not_stale():
    manual = Decision(DOC.sha256, "manual.redaction", "", "redact", "alice", "2025-06-01T10:00:00", "遗漏的姓名",
                      "条例第三十七条", start=0, end=2)
    outcome = resolve(make_report(phone()), Decisions((manual,)), now=NOW)
    assert outcome.manual == 1 and outcome.stale == ()
