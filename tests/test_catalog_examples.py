"""Every document type's and every site kind's inline examples run through the real classifier and
site detection; the catalog and the aggregation vocabularies are linted (rules about rules)."""
from __future__ import annotations

import yaml
import pytest

from review import text_document
from review.aggregation_rules import load_rules
from review.config import DEFAULT_RULES_DIR
from review.doctype import classify, load_catalog
from review.rulepack import load_legal_basis
from review.sites import hits_in

CATALOG = load_catalog(DEFAULT_RULES_DIR)
RULES = load_rules(DEFAULT_RULES_DIR)
TYPE_MATCH = [(t.id, text) for t in CATALOG.types for text in t.examples_match]
TYPE_NO_MATCH = [(t.id, text) for t in CATALOG.types for text in t.examples_no_match]
SITE_MATCH = [(k.name, text) for k in RULES.site_kinds for text in k.examples_match]
SITE_NO_MATCH = [(k.name, text) for k in RULES.site_kinds for text in k.examples_no_match]


def first_line(text: str) -> str:
    """A short id for a parametrized row (the example's title line)."""
    return text.splitlines()[0][:30]


@pytest.mark.parametrize("type_id,text", TYPE_MATCH, ids=[f"{t}:{first_line(x)}" for t, x in TYPE_MATCH])
def test_document_type_matches_its_examples(type_id, text):
    assert classify(text_document(text), CATALOG).type.id == type_id


@pytest.mark.parametrize("type_id,text", TYPE_NO_MATCH, ids=[f"{t}:{first_line(x)}" for t, x in TYPE_NO_MATCH])
def test_document_type_ignores_its_near_misses(type_id, text):
    assert classify(text_document(text), CATALOG).type.id != type_id


def site_kinds_hit(text: str) -> set[str]:
    """The site kinds whose terms count in a sentence (reference-point mentions do not)."""
    kinds = {k.name for k in RULES.site_kinds}
    return {h.group for h in hits_in(text, 0, RULES)} & kinds


@pytest.mark.parametrize("kind,text", SITE_MATCH)
def test_site_kind_matches_its_examples(kind, text):
    assert kind in site_kinds_hit(text)


@pytest.mark.parametrize("kind,text", SITE_NO_MATCH)
def test_site_kind_ignores_its_counter_examples(kind, text):
    assert kind not in site_kinds_hit(text)


class UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that rejects a key repeated in one mapping (PyYAML keeps the last one silently)."""


def _mapping(loader, node, deep=False):
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    duplicates = sorted({k for k in keys if keys.count(k) > 1}, key=str)
    if duplicates:
        raise yaml.constructor.ConstructorError(None, None, f"duplicate keys {duplicates}", node.start_mark)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                                lambda loader, node: _mapping(loader, node, deep=True))


def raw(name: str):
    """A rules file parsed with duplicate keys rejected."""
    return yaml.load((DEFAULT_RULES_DIR / name).read_text(encoding="utf-8"), Loader=UniqueKeyLoader)


def cited_keys(node):
    """Every legal-basis key cited anywhere in a parsed rules file (fields named legal_basis*)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if str(key).startswith("legal_basis"):
                yield from value
            else:
                yield from cited_keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from cited_keys(item)


def test_every_catalog_type_has_examples_and_unique_id():
    ids = [t["id"] for t in raw("catalog.yaml")["types"]]
    assert len(ids) == len(set(ids))
    for doc_type in CATALOG.types:
        assert doc_type.examples_match and doc_type.examples_no_match, doc_type.id


def test_every_site_kind_has_examples_and_unique_name():
    kinds = raw("aggregation.yaml")["sites"]["kinds"]  # the loader fails on a kind listed twice
    assert {k.name for k in RULES.site_kinds} == set(kinds)
    for kind in RULES.site_kinds:
        assert kind.examples_match and kind.examples_no_match, kind.name


@pytest.mark.parametrize("name", ["catalog.yaml", "aggregation.yaml"])
def test_every_cited_legal_basis_resolves(name):
    table = load_legal_basis(DEFAULT_RULES_DIR)
    cited = set(cited_keys(raw(name)))
    assert cited, name
    assert cited <= set(table), sorted(cited - set(table))
    assert all(table[key].get("zh") for key in cited)


def test_the_lint_loader_rejects_a_repeated_key():
    with pytest.raises(yaml.constructor.ConstructorError, match="duplicate keys"):
        yaml.load("kinds:\n  water: {}\n  water: {}\n", Loader=UniqueKeyLoader)
