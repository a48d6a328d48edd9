"""Scoring logic of `review eval`: overlap matching, aliases, keep items, thresholds, bad gold."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import review
from review import evaluate as ev, evaluate_summary as es, gold as gd
from review.model import Finding, Location, Recommendation, Report

TEXT = "当事人：张建国，电话13916283475，热线12369。"
NAME = (4, 7)      # 张建国
MOBILE = (10, 21)  # 13916283475
HOTLINE = (24, 29)  # 12369


def finding(span, entity="PERSON", action="redact", category="personal"):
    """A finding over TEXT[span]."""
    start, end = span
    return Finding("test.rule", category, entity, start, end, TEXT[start:end], Location(), 0.9, "high", action)


def gold(*spans, mode="public"):
    """A Gold over TEXT with (text, type, role, action[, occurrences]) spans."""
    parsed = tuple(gd.GoldSpan(i, s[0], s[1], s[2], s[3], s[4] if len(s) > 4 else None)
                   for i, s in enumerate(spans, start=1))
    return gd.Gold(Path("g.gold.yaml"), Path("g.txt"), "other", mode, "zh", parsed)


def score(g, findings, got_mode="public"):
    """Score findings against a gold over TEXT."""
    return ev.score_document(g, "dev", review.text_document(TEXT), findings, got_mode)


def test_text_offsets_are_what_the_tests_assume():
    assert TEXT[slice(*NAME)] == "张建国" and TEXT[slice(*MOBILE)] == "13916283475"
    assert TEXT[slice(*HOTLINE)] == "12369"


@pytest.mark.parametrize("span, entity, recalled, true_pos, false_pos", [
    (NAME, "PERSON", 1, 1, 0),            # exact
    ((5, 9), "PERSON", 1, 1, 0),          # partial overlap counts
    ((3, 5), "PERSON", 1, 1, 0),          # overlap by one character
    ((7, 9), "PERSON", 0, 0, 1),          # adjacent, no overlap
    (NAME, "ADDRESS", 0, 0, 1),           # overlap but the type disagrees
])
def test_overlap_matching(span, entity, recalled, true_pos, false_pos):
    doc = score(gold(("张建国", "PERSON", "penalized_person", "redact")), [finding(span, entity)])
    counts = ev.group_counts(ev.type_counts([doc]))["all"]
    assert (counts.recalled, counts.true_pos, counts.false_pos) == (recalled, true_pos, false_pos)


@pytest.mark.parametrize("gold_type, found_type, matches", [
    ("CN_MOBILE", "PHONE_NUMBER", True),
    ("CN_MOBILE", "CN_LANDLINE", True),
    ("CN_BANK_CARD", "CREDIT_CARD", True),
    ("CN_MOBILE", "CN_ID_CARD", False),
    ("PERSON", "ORGANIZATION", False),
])
def test_type_aliases(gold_type, found_type, matches):
    doc = score(gold(("13916283475", gold_type, "complainant", "redact")), [finding(MOBILE, found_type)])
    assert (doc.outcomes[0][1] == "redact") is matches


def test_exact_boundaries_are_counted_apart():
    doc = score(gold(("张建国", "PERSON", "complainant", "redact")), [finding((4, 6))])
    row = ev.type_counts([doc])["PERSON"]
    assert (row.recalled, row.exact) == (1, 0)


@pytest.mark.parametrize("entity, action, flagged", [
    ("PHONE_NUMBER", "redact", 1),
    ("CN_ID_CARD", "redact", 1),     # any type: redacting a keep item is wrong
    ("PHONE_NUMBER", "review", 0),   # shown in the confusion, not counted as redaction
    ("PHONE_NUMBER", "none", 0),
])
def test_keep_items_flagged_for_redaction(entity, action, flagged):
    doc = score(gold(("12369", "PHONE_NUMBER", "hotline", "none")), [finding(HOTLINE, entity, action)])
    assert len(ev.keep_flagged([doc])) == flagged


def test_a_flagged_keep_item_is_also_a_false_positive():
    doc = score(gold(("12369", "PHONE_NUMBER", "hotline", "none")), [finding(HOTLINE, "PHONE_NUMBER")])
    row = ev.type_counts([doc])["PHONE_NUMBER"]
    assert (row.support, row.true_pos, row.false_pos, row.precision, row.recall) == (0, 0, 1, 0.0, None)


def test_findings_outside_personal_data_and_organisations_are_not_scored():
    findings = [finding(NAME, "TRADE_SECRET", category="trade_secret"), finding(NAME, "ORGANIZATION")]
    doc = score(gold(("张建国", "PERSON", "complainant", "redact")), findings)
    assert doc.predictions == () and doc.outcomes[0][1] == "missed"


def test_action_confusion_and_strongest_action():
    g = gold(("张建国", "PERSON", "complainant", "redact"), ("13916283475", "CN_MOBILE", "complainant", "review"),
             ("12369", "PHONE_NUMBER", "hotline", "none"))
    doc = score(g, [finding(NAME, action="review"), finding(NAME, action="redact")])
    confusion = ev.action_confusion([doc])
    assert confusion == {("redact", "redact"): 1, ("review", "missed"): 1, ("none", "missed"): 1}


def test_occurrences_pick_some_of_the_repeated_text(tmp_path):
    text = "王某某与王某某"
    g = gd.Gold(Path("g.gold.yaml"), Path("g.txt"), "other", "public", "zh",
                (gd.GoldSpan(1, "王某某", "PERSON", "masked", "none", (2,)),))
    assert [(i.start, i.end) for i in gd.locate(g, text)] == [(4, 7)]


def test_mode_accuracy_and_confusion():
    docs = [score(gold(mode="public"), [], "public"), score(gold(mode="none"), [], "public"),
            score(gold(mode="targeted"), [], "targeted")]
    assert ev.mode_accuracy(docs) == pytest.approx(2 / 3)
    assert ev.mode_confusion(docs)[("none", "public")] == 1


@pytest.mark.parametrize("raw, metric, subject, bound", [
    ("identifiers=0.98", "recall", "identifiers", 0.98),
    ("CN_ID_CARD=1", "recall", "CN_ID_CARD", 1.0),
])
def test_parse_type_threshold(raw, metric, subject, bound):
    assert es.parse_type_threshold(metric, raw) == es.Threshold(metric, subject, bound)


@pytest.mark.parametrize("raw", ["identifiers", "NOT_A_TYPE=0.9", "names=high", "names=1.5"])
def test_bad_threshold_specs_are_refused(raw):
    with pytest.raises(ValueError):
        es.parse_type_threshold("precision", raw)


# ---- the command, over a tiny corpus with a fake engine ----

DRAFT = "关于张建国投诉的答复\n经办人：郭振华，电话13916283475。\n"


def write_sample(folder: Path, name: str, spans, mode="targeted", text=DRAFT):
    """A draft and its gold file in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    data = {"doc_type": "complaint_reply", "expected_mode": mode, "language": "zh", "spans": spans}
    (folder / f"{name}.gold.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


SPANS = [{"text": "张建国", "type": "PERSON", "role": "complainant", "action": "redact"},
         {"text": "郭振华", "type": "PERSON", "role": "official", "action": "none"},
         {"text": "13916283475", "type": "CN_MOBILE", "role": "office_phone", "action": "none"}]


@pytest.fixture
def fake_engine(monkeypatch):
    """review_file replaced: flags every occurrence of the names in `flag` as PERSON, redact."""
    flag = {"names": ["张建国"], "mode": "targeted"}

    def fake_review_file(path, config=None):
        doc = review.load(path)
        found = []
        for name in flag["names"]:
            at = doc.text.find(name)
            found.append(Finding("fake", "personal", "PERSON", at, at + len(name), name, Location(), 0.9,
                                 "high", "redact"))
        return Report(str(path), doc, tuple(found), Recommendation(flag["mode"]))

    monkeypatch.setattr(review, "review_file", fake_review_file)
    return flag


def test_eval_passes_thresholds(cli, tmp_path, fake_engine):
    write_sample(tmp_path / "dev", "a", SPANS)
    result = cli("eval", tmp_path, "--min-recall", "names=1", "--min-precision", "all=0.95",
                 "--min-mode-accuracy", "1", "--max-keep-flagged", "0")
    assert result.code == 0, result.err
    assert "PASS recall(names) >= 1" in result.out


def test_eval_fails_when_a_keep_item_is_flagged(cli, tmp_path, fake_engine):
    fake_engine["names"] = ["张建国", "郭振华"]
    write_sample(tmp_path / "dev", "a", SPANS)
    result = cli("eval", tmp_path, "--max-keep-flagged", "0", "--verbose")
    assert result.code == 1
    assert "FAIL keep_flagged <= 0" in result.out
    assert "郭振华" not in result.out and "keep_flagged" in result.out  # masked unless --show-values
    assert "郭振华" in cli("eval", tmp_path, "--verbose", "--show-values").out


def test_eval_fails_below_mode_accuracy(cli, tmp_path, fake_engine):
    fake_engine["mode"] = "public"
    write_sample(tmp_path / "dev", "a", SPANS)
    assert cli("eval", tmp_path, "--min-mode-accuracy", "0.9").code == 1


def test_eval_reports_splits_and_json(cli, tmp_path, fake_engine):
    write_sample(tmp_path / "dev", "a", SPANS)
    write_sample(tmp_path / "blind", "b", SPANS[:1], text="张建国\n")
    result = cli("eval", tmp_path, "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    assert set(data["splits"]) == {"dev", "blind"}
    assert data["overall"]["documents"] == 2
    assert data["overall"]["groups"]["names"]["support"] == 2
    assert data["overall"]["actions"]["none"]["missed"] == 2
    assert data["overall"]["mode"]["confusion"]["targeted"]["targeted"] == 2


def test_eval_lists_known_misses(cli, tmp_path, fake_engine):
    spans = SPANS + [{"text": "经办人", "type": "PERSON", "role": "other", "action": "review",
                      "known_miss": "a label, kept here to test the listing"}]
    write_sample(tmp_path / "dev", "a", spans)
    data = json.loads(cli("eval", tmp_path, "--format", "json").out)
    assert [(k["type"], k["got"]) for k in data["overall"]["known_misses"]] == [("PERSON", "missed")]


@pytest.mark.parametrize("spans, field", [
    ([{"text": "张建国", "type": "NAME", "role": "complainant", "action": "redact"}], "spans[1].type"),
    ([{"text": "张建国", "type": "PERSON", "role": "boss", "action": "redact"}], "spans[1].role"),
    ([{"text": "张建国", "type": "PERSON", "role": "complainant", "action": "hide"}], "spans[1].action"),
    ([{"text": "张建国", "type": "PERSON", "role": "complainant"}], "spans[1].action"),
    ([SPANS[0], {"text": "李四光", "type": "PERSON", "role": "complainant", "action": "redact"}], "spans[2]"),
    ([{"text": "张建国", "type": "PERSON", "role": "complainant", "action": "redact", "occurrences": [3]}],
     "spans[1].occurrences"),
])
def test_bad_gold_exits_2_naming_file_and_field(cli, tmp_path, fake_engine, spans, field):
    write_sample(tmp_path / "dev", "bad", spans)
    result = cli("eval", tmp_path)
    assert result.code == 2
    assert "bad.gold.yaml" in result.err and field in result.err
    assert "李四光" not in result.err  # never the value


@pytest.mark.parametrize("key, value", [("expected_mode", "secret"), ("doc_type", "memo")])
def test_bad_mode_or_doc_type_exits_2(cli, tmp_path, fake_engine, key, value):
    write_sample(tmp_path / "dev", "bad", SPANS)
    path = tmp_path / "dev" / "bad.gold.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli("eval", tmp_path)
    assert result.code == 2 and key in result.err


def test_gold_without_its_draft_exits_2(cli, tmp_path, fake_engine):
    write_sample(tmp_path / "dev", "a", SPANS)
    (tmp_path / "dev" / "a.txt").unlink()
    result = cli("eval", tmp_path)
    assert result.code == 2 and "a.gold.yaml" in result.err and "no draft" in result.err


def test_bad_threshold_is_a_usage_error(cli, tmp_path, fake_engine):
    write_sample(tmp_path / "dev", "a", SPANS)
    result = cli("eval", tmp_path, "--min-recall", "nonsense=0.9")
    assert result.code == 2 and "unknown type" in result.err


def test_unreadable_draft_is_not_scored_and_fails_thresholds(cli, tmp_path, fake_engine):
    write_sample(tmp_path / "dev", "a", SPANS)
    write_sample(tmp_path / "dev", "b", [])
    (tmp_path / "dev" / "b.txt").write_bytes(b"")  # empty: review.load refuses it
    assert "NOT SCORED" in cli("eval", tmp_path).out
    assert cli("eval", tmp_path, "--max-keep-flagged", "0").code == 1


@pytest.mark.parametrize("text, needle, starts", [
    ("热线12345，VIN LB37624S6ML012345", "12345", [2]),
    ("张建国、张建国", "张建国", [0, 4]),
    ("call 12369 or 123690", "12369", [5]),
    ("Keller, hannah.keller@x.de", "Keller", [0]),
])
def test_occurrences_are_whole_values(text, needle, starts):
    g = gd.Gold(Path("g.gold.yaml"), Path("g.txt"), "other", "public", "zh",
                (gd.GoldSpan(1, needle, "PERSON", "masked", "none"),))
    assert [i.start for i in gd.locate(g, text)] == starts


def test_unquoted_numbers_in_gold_are_refused(cli, tmp_path, fake_engine):
    write_sample(tmp_path / "dev", "a", [])
    path = tmp_path / "dev" / "a.gold.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "spans: []", "spans:\n- {text: 13916283475, type: CN_MOBILE, role: official, action: none}"), encoding="utf-8")
    result = cli("eval", tmp_path)
    assert result.code == 2 and "spans[1].text" in result.err and "13916283475" not in result.err
