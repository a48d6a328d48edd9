"""`review check --require`: the publication gate, decisions round trip, formats, directories."""
from __future__ import annotations

import json

import pytest

PHONE = "13812345678"
PUBLISHED = ("某市生态环境局关于印发《2023年政务公开工作要点》的通知\n"
             "严格落实政府信息公开保密审查制度，加强对个人隐私、商业秘密的保护。\n"
             "信息公开属性：主动公开\n")


def write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def penalty(tmp_path):
    return write(tmp_path, "penalty.txt", f"某市生态环境局行政处罚决定书\n当事人：某化工有限公司\n联系电话{PHONE}。\n")


def fill_keep_reasons(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    for d in data["decisions"]:
        d["reason"] = d["reason"] or "经核实可以公开"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("text,require,code", [
    (PUBLISHED, "public", 0),
    ("秘密★1年\n关于某项目的情况通报\n", "public", 1),
    ("秘密★1年\n关于某项目的情况通报\n", "targeted", 1),
    ("信访事项处理意见书\n您反映的噪声问题已收悉。经核查，该企业已完成整改。\n", "public", 1),
    ("信访事项处理意见书\n您反映的噪声问题已收悉。经核查，该企业已完成整改。\n", "targeted", 0),
])
def test_the_gate_follows_the_recommended_mode(cli, tmp_path, text, require, code):
    assert cli("check", write(tmp_path, "d.txt", text), "--require", require).code == code


def test_decisions_round_trip_then_a_changed_value_blocks_again(cli, tmp_path, penalty):
    decisions = tmp_path / "decisions.json"
    assert cli("check", penalty, "--require", "public", "--write-decisions", decisions, "--reviewer", "alice").code == 1
    assert PHONE not in decisions.read_text(encoding="utf-8")
    fill_keep_reasons(decisions)
    assert cli("check", penalty, "--require", "public", "--decisions", decisions).code == 0
    penalty.write_text(penalty.read_text(encoding="utf-8").replace(PHONE, "13912345678"), encoding="utf-8")
    result = cli("check", penalty, "--require", "public", "--decisions", decisions)
    assert result.code == 1
    assert "do not apply" in result.err


def test_a_kept_internal_mark_lets_the_document_go_out(cli, tmp_path):
    draft = write(tmp_path, "d.txt", "内部资料\n关于开展2024年环境保护宣传活动的通知\n特此通知。\n")
    decisions = tmp_path / "decisions.json"
    assert cli("check", draft, "--require", "public", "--write-decisions", decisions).code == 1
    unfilled = cli("check", draft, "--require", "public", "--decisions", decisions)
    assert unfilled.code == 2 and "missing reason" in unfilled.err
    fill_keep_reasons(decisions)
    assert cli("check", draft, "--require", "public", "--decisions", decisions).code == 0


def test_the_json_report_carries_the_gate_and_the_decisions_block(cli, tmp_path, penalty):
    decisions = tmp_path / "decisions.json"
    cli("check", penalty, "--write-decisions", decisions)
    data = json.loads(decisions.read_text(encoding="utf-8"))
    data["decisions"].append(dict(data["decisions"][0], rule_id="personal.other", reason="x"))
    decisions.write_text(json.dumps(data), encoding="utf-8")
    report = json.loads(cli("check", penalty, "--require", "public", "--decisions", decisions, "--format", "json").out)
    assert report["gate"]["passed"] is True
    assert report["decisions"]["applied"] == 1
    assert [d["rule_id"] for d in report["decisions"]["stale"]] == ["personal.other"]


def test_stale_decisions_are_reported_on_stderr_in_text_mode(cli, tmp_path, penalty):
    decisions = tmp_path / "decisions.json"
    cli("check", penalty, "--write-decisions", decisions)
    data = json.loads(decisions.read_text(encoding="utf-8"))
    data["decisions"][0]["rule_id"] = "personal.other"
    decisions.write_text(json.dumps(data), encoding="utf-8")
    result = cli("check", penalty, "--decisions", decisions)
    assert "stale" in result.err and "personal.other" in result.err
    assert PHONE not in result.err


def test_directories_are_scanned_recursively_without_a_bar_off_a_terminal(cli, tmp_path):
    write(tmp_path, "a/one.txt", PUBLISHED)
    write(tmp_path, "a/b/two.md", PUBLISHED)
    write(tmp_path, "a/b/skip.bin", "not a draft")
    result = cli("check", tmp_path / "a", "--format", "json", "--require", "public")
    files = [json.loads(line)["file"] for line in result.out.splitlines()]
    assert sorted(f.rsplit("/", 1)[-1] for f in files) == ["one.txt", "two.md"]
    assert result.code == 0 and "\r" not in result.err


def test_sarif_output_is_one_run_over_all_files(cli, tmp_path, penalty):
    other = write(tmp_path, "other.txt", "秘密★1年\n情况通报\n")
    log = json.loads(cli("check", penalty, other, "--format", "sarif").out)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {penalty.as_posix(), other.as_posix()}
    assert PHONE not in json.dumps(log)


@pytest.mark.parametrize("lang,words", [
    ("zh", ["建议公开方式", "个人信息", "依据", "发布检查"]),
    ("en", ["Recommended mode", "Personal data", "basis", "Publication gate", "art. 15"]),
])
def test_the_human_report_in_both_languages(cli, penalty, lang, words):
    out = cli("check", penalty, "--lang", lang, "--require", "public").out
    assert all(w in out for w in words), out
    assert PHONE not in out
    assert out.index(words[0]) < out.index(words[1])  # the recommendation comes first
