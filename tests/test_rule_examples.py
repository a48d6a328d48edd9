"""Every rule's inline examples run through the real engine; the rule pack is linted."""
from __future__ import annotations

import re

import pytest

from review import review_text
from review.config import DEFAULT_RULES_DIR
from review.rulepack import load_rulepack

PACK = load_rulepack(DEFAULT_RULES_DIR)
MATCH_CASES = [(r.id, text, span) for r in PACK.rules for text, span in r.examples_match]
NO_MATCH_CASES = [(r.id, text) for r in PACK.rules for text in r.examples_no_match]


@pytest.mark.parametrize("rule_id,text,span", MATCH_CASES)
def test_rule_matches_its_examples(rule_id, text, span):
    found = [f for f in review_text(text).findings if f.rule_id == rule_id]
    assert found, f"{rule_id} did not match its example"
    if span is not None:
        assert span in [f.text for f in found]


@pytest.mark.parametrize("rule_id,text", NO_MATCH_CASES)
def test_rule_ignores_its_counter_examples(rule_id, text):
    assert not [f for f in review_text(text).findings if f.rule_id == rule_id]


def test_rule_ids_are_unique_and_namespaced():
    ids = [r.id for r in PACK.rules]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z_]+\.[a-z0-9_.]+", i) for i in ids)


def test_every_rule_cites_a_legal_basis_and_has_counter_examples():
    for rule in PACK.rules:
        assert rule.legal_basis, rule.id
        assert rule.examples_match, rule.id
        assert rule.message.strip(), rule.id
