"""`review redact`: exit codes, the residue check from the command line, reviewers' decisions."""
from __future__ import annotations

import hashlib

import pytest

from review import review_file
from review.decisions import Decision, save_decisions
from tests.loaders.builders_files import build_text
from tests.redact.test_residue import copying_writer

PHONE, OTHER = "13812345678", "13987654321"
TEXT = f"联系电话{PHONE}。\n备用电话{OTHER}。\n"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_redact_writes_masked_output(tmp_path, cli):
    src = build_text(tmp_path / "in.txt", TEXT)
    result = cli("redact", src, "-o", tmp_path / "out.txt")
    assert result.code == 0 and "residue check passed" in result.out
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "联系电话138****5678。\n备用电话139****4321。\n"


def test_residue_exits_1_deletes_output_and_names_only_the_mask(tmp_path, cli, monkeypatch):
    import review.redact

    monkeypatch.setattr(review.redact, "_writer", lambda fmt: copying_writer)
    src = build_text(tmp_path / "in.txt", TEXT)
    result = cli("redact", src, "-o", tmp_path / "out.txt")
    assert result.code == 1 and not (tmp_path / "out.txt").exists()
    assert "138****5678" in result.err and PHONE not in result.err + result.out


@pytest.mark.parametrize("args", [("redact", "missing.txt", "-o", "out.txt"), ("redact", "in.txt")])
def test_usage_and_input_errors_exit_2(tmp_path, cli, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    build_text(tmp_path / "in.txt", TEXT)
    assert cli(*args).code == 2


def test_output_must_differ_from_input(tmp_path, cli):
    src = build_text(tmp_path / "in.txt", TEXT)
    assert cli("redact", src, "-o", src).code == 2 and src.read_text(encoding="utf-8") == TEXT


def _decision(document_sha, rule_id, value, decision, mask=None, start=None, end=None):
    return Decision(document_sha, rule_id, sha(value), decision, "审核人甲", "2026-01-01T00:00:00+00:00",
                    "理由", "政府信息公开条例第三十七条", mask, None, start, end)


def test_decisions_keep_mask_and_manual_span(tmp_path, cli):
    src = build_text(tmp_path / "in.txt", TEXT + "经办人王小明。\n")
    report = review_file(src)
    doc_sha, by_text = report.document.sha256, {f.text: f for f in report.findings}
    start = report.document.text.index("王小明")
    decisions = [_decision(doc_sha, by_text[PHONE].rule_id, PHONE, "keep"),
                 _decision(doc_sha, by_text[OTHER].rule_id, OTHER, "redact", mask="[电话]"),
                 _decision(doc_sha, "manual.redaction", "王小明", "redact", "王某某", start, start + 3)]
    save_decisions(tmp_path / "d.json", decisions)
    result = cli("redact", src, "-o", tmp_path / "out.txt", "--decisions", tmp_path / "d.json")
    assert result.code == 0, result.err
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == f"联系电话{PHONE}。\n备用电话[电话]。\n经办人王某某。\n"


def test_manual_span_that_no_longer_matches_is_refused(tmp_path, cli):
    src = build_text(tmp_path / "in.txt", TEXT)
    doc_sha = review_file(src).document.sha256
    save_decisions(tmp_path / "d.json", [_decision(doc_sha, "manual.redaction", "别的文字", "redact", None, 0, 4)])
    result = cli("redact", src, "-o", tmp_path / "out.txt", "--decisions", tmp_path / "d.json")
    assert result.code == 2 and not (tmp_path / "out.txt").exists()


@pytest.mark.parametrize("output, message", [
    ("missing-dir/out.txt", "output folder does not exist"),
    ("out.pdf", "keeps the draft's format"),
    ("draft.txt", "must not overwrite the draft"),
])
def test_an_output_the_redactor_cannot_honestly_write_is_a_usage_error(tmp_path, capsys, output, message):
    from review.cli import main

    draft = tmp_path / "draft.txt"
    draft.write_text("联系电话13812345678\n", encoding="utf-8")
    assert main(["redact", str(draft), "-o", str(tmp_path / output)]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out.pdf").exists()
