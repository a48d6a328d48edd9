"""SARIF 2.1.0 output: the fields CI systems read, rule metadata with legal basis, no plaintext."""
from __future__ import annotations

import json

import pytest

from review import text_document
from review.config import DEFAULT_RULES_DIR
from review.model import Finding, Location, Report
from review.rulepack import load_rulepack
from review.sarif import level, to_sarif

PACK = load_rulepack(DEFAULT_RULES_DIR)
PHONE = "13812345678"
DOC = text_document(f"联系电话{PHONE}\n秘密★1年")


def finding(rule_id, category, entity, text, action, location=None):
    start = DOC.text.index(text)
    return Finding(rule_id, category, entity, start, start + len(text), text,
                   location or DOC.segment_at(start).location, 0.9, "high", action, ("《条例》第十五条",), "说明")


FINDINGS = (
    finding("personal.cn_mobile", "personal", "CN_MOBILE", PHONE, "redact").with_(mask="138****5678"),
    finding("classification.level_star", "classification", "CLASSIFICATION_MARK", "秘密★1年", "review",
            Location(layer="table", page=2, table=1, row=2, column=3)),
    finding("internal.doctype.meeting_minutes", "internal", "PROCESS_INFO", "秘密", "none"),
)
LOG = to_sarif([Report(file="drafts/a.txt", document=DOC, findings=FINDINGS)], PACK)
RUN = LOG["runs"][0]


def test_the_log_has_the_sarif_envelope():
    assert LOG["version"] == "2.1.0" and "sarif" in LOG["$schema"]
    assert len(LOG["runs"]) == 1
    assert RUN["tool"]["driver"]["name"] == "prepub-review"


def test_every_rule_carries_its_description_and_legal_basis():
    rules = RUN["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and {r.id for r in PACK.rules} <= set(ids)
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["help"]["text"]
        assert {"category", "legal_basis", "severity"} <= set(rule["properties"])
    star = next(r for r in rules if r["id"] == "classification.level_star")
    assert any("第十四条" in b for b in star["properties"]["legal_basis"])


def test_results_point_at_their_rule_and_location():
    rules = RUN["tool"]["driver"]["rules"]
    for result, f in zip(RUN["results"], FINDINGS):
        assert result["ruleId"] == f.rule_id == rules[result["ruleIndex"]]["id"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "drafts/a.txt"
        assert physical["region"] == {**physical["region"], "charOffset": f.start, "charLength": f.end - f.start}
        assert result["partialFingerprints"]["textSha256/v1"] == f.text_hash
    cell = RUN["results"][1]["locations"][0]["logicalLocations"][0]
    assert cell["kind"] == "page" and "table 1" in cell["name"]


@pytest.mark.parametrize("index,expected", [(0, "error"), (1, "error"), (2, "note")])
def test_levels_follow_action_and_category(index, expected):
    assert RUN["results"][index]["level"] == expected


def test_review_findings_are_warnings():
    assert level(FINDINGS[0].with_(action="review")) == "warning"


def test_no_plaintext_value_in_the_log():
    text = json.dumps(LOG, ensure_ascii=False)
    assert PHONE not in text
    assert "138****5678" in RUN["results"][0]["message"]["text"]
