"""Rules are data: read rules/*.yaml through a schema into Rule values.

A rule file holds `rules:` (a list of rules). `rules/legal_basis.yaml` holds
the citations that rules refer to by key, so that one article is spelled one
way everywhere. Every error names the file, the rule id and the field, and
says what would be valid.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from review.entities import ENTITY_TYPES
from review.errors import RulePackError
from review.model import ACTIONS, CATEGORIES, SEVERITIES

LEGAL_BASIS_FILE = "legal_basis.yaml"
# Files in rules/ that are not pattern-rule packs (they have their own readers).
NON_RULE_FILES = {LEGAL_BASIS_FILE, "catalog.yaml", "aggregation.yaml", "lexicon.yaml"}

RULE_FIELDS = {
    "id": "unique rule id, e.g. personal.cn_mobile",
    "category": f"one of {', '.join(CATEGORIES)}",
    "entity": "an entity type from review/entities.py",
    "severity": f"one of {', '.join(SEVERITIES)}",
    "action": f"one of {', '.join(ACTIONS)} (before roles are applied)",
    "legal_basis": f"list of keys from rules/{LEGAL_BASIS_FILE}",
    "message": "explanation shown to reviewers (Chinese)",
    "message_en": "explanation in English (optional)",
    "patterns": "list of {name, regex, score}",
    "context": "{words: [...], window: chars each side (default 20), boost: score added (default 0.25), "
               "required: bool (drop matches without context)}",
    "negative_context": "{words: [...], window: N}: matches with one of these words nearby are dropped",
    "validator": "name of a validator in review/validators.py",
    "invalid_score": "score when the validator says False (a 'probable' finding); omit to drop",
    "languages": "list of languages the rule applies to: zh, en (default both)",
    "scope": "{layers: [...], first_lines: N}: where the rule applies (default everywhere)",
    "flags": "regex flags: list of IGNORECASE, MULTILINE",
    "examples": "{match: [text or {text, span}], no_match: [text]}: run by the tests",
    "recognizer": "name of a built-in recognizer (review/nlp.py RECOGNIZERS) used instead of patterns (optional)",
    "role": "role given to every match, e.g. hotline (optional; review/roles.py may refine it)",
    "trigger": "a fast regex that must occur in a text before the patterns are tried there (optional; speed only)",
}
REQUIRED = ("id", "category", "entity", "severity", "action", "legal_basis", "message", "examples")


@dataclass(frozen=True)
class PatternSpec:
    """One regular expression of a rule and the score a bare match gets."""

    name: str
    regex: str
    score: float
    compiled: re.Pattern


@dataclass(frozen=True)
class Rule:
    """One detection rule as read from YAML."""

    id: str
    category: str
    entity: str
    severity: str
    action: str
    legal_basis: tuple[str, ...]
    message: str
    patterns: tuple[PatternSpec, ...]
    source: str
    message_en: str = ""
    context_words: tuple[str, ...] = ()
    context_window: int = 20
    context_boost: float = 0.25
    context_required: bool = False
    negative_words: tuple[str, ...] = ()
    negative_window: int = 10
    validator: str | None = None
    invalid_score: float | None = None
    languages: tuple[str, ...] = ("zh", "en")
    scope_layers: tuple[str, ...] = ()
    scope_first_lines: int | None = None
    examples_match: tuple[tuple[str, str | None], ...] = ()
    examples_no_match: tuple[str, ...] = ()
    recognizer: str | None = None
    role: str | None = None
    trigger: re.Pattern | None = None


@dataclass(frozen=True)
class RulePack:
    """All rules of a rules directory plus the legal-basis table they cite."""

    rules: tuple[Rule, ...]
    legal_basis: dict

    def by_id(self, rule_id: str) -> Rule:
        """The rule with this id (KeyError if none)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def citations(self, keys) -> tuple[str, ...]:
        """The human-readable citations for legal-basis keys."""
        return tuple(self.legal_basis[k]["zh"] for k in keys)


def _fail(source, rule_id, field, problem):
    raise RulePackError(source, rule_id, field, problem)


def _flags(source, rule_id, names) -> int:
    value = 0
    for name in names or ():
        if name not in ("IGNORECASE", "MULTILINE", "DOTALL"):
            _fail(source, rule_id, "flags", f"unknown flag {name!r}; valid: IGNORECASE, MULTILINE, DOTALL")
        value |= getattr(re, name)
    return value


def _patterns(source, rule_id, raw, flags) -> tuple[PatternSpec, ...]:
    if not isinstance(raw, list) or not raw:
        _fail(source, rule_id, "patterns", "must be a non-empty list of {name, regex, score}")
    specs = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or "regex" not in item:
            _fail(source, rule_id, f"patterns[{i}]", "must be a mapping with name, regex and score")
        try:
            compiled = re.compile(item["regex"], flags)
        except re.error as exc:
            _fail(source, rule_id, f"patterns[{i}].regex", f"does not compile: {exc}")
        score = item.get("score", 0.5)
        if not isinstance(score, (int, float)) or not 0 < score <= 1:
            _fail(source, rule_id, f"patterns[{i}].score", "must be a number in (0, 1]")
        specs.append(PatternSpec(str(item.get("name", f"p{i}")), item["regex"], float(score), compiled))
    return tuple(specs)


def _trigger(source, rule_id, raw) -> re.Pattern | None:
    if raw is None:
        return None
    try:
        return re.compile(str(raw))
    except re.error as exc:
        _fail(source, rule_id, "trigger", f"does not compile: {exc}")


def _examples(source, rule_id, raw) -> tuple[tuple, tuple]:
    if not isinstance(raw, dict) or not raw.get("match"):
        _fail(source, rule_id, "examples", "must have a non-empty `match` list (and usually `no_match`)")
    matches = []
    for item in raw["match"]:
        if isinstance(item, dict):
            matches.append((str(item["text"]), item.get("span")))
        else:
            matches.append((str(item), None))
    return tuple(matches), tuple(str(x) for x in raw.get("no_match") or ())


def parse_rule(raw: dict, source: str, legal_basis: dict) -> Rule:
    """Validate one YAML rule mapping and build the Rule."""
    from review.validators import VALIDATORS

    rule_id = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(raw, dict):
        _fail(source, None, None, "each rule must be a mapping")
    for key in REQUIRED:
        if key not in raw:
            _fail(source, rule_id, key, f"is required ({RULE_FIELDS[key]})")
    for key in raw:
        if key not in RULE_FIELDS:
            _fail(source, rule_id, key, f"unknown field; valid fields: {', '.join(RULE_FIELDS)}")
    checks = (("category", CATEGORIES), ("severity", SEVERITIES), ("action", ACTIONS), ("entity", ENTITY_TYPES))
    for key, valid in checks:
        if raw[key] not in valid:
            _fail(source, rule_id, key, f"{raw[key]!r} is not valid; expected {RULE_FIELDS[key]}")
    basis = tuple(raw["legal_basis"] or ())
    unknown = [k for k in basis if k not in legal_basis]
    if not basis or unknown:
        _fail(source, rule_id, "legal_basis", f"unknown or missing keys {unknown}; valid: {', '.join(legal_basis)}")
    validator = raw.get("validator")
    if validator is not None and validator not in VALIDATORS:
        _fail(source, rule_id, "validator", f"unknown validator {validator!r}; known: {', '.join(sorted(VALIDATORS))}")
    context = raw.get("context") or {}
    negative = raw.get("negative_context") or {}
    scope = raw.get("scope") or {}
    matches, no_matches = _examples(source, rule_id, raw["examples"])
    recognizer = raw.get("recognizer")
    if recognizer is None and "patterns" not in raw:
        _fail(source, rule_id, "patterns", f"is required unless `recognizer` is given ({RULE_FIELDS['patterns']})")
    return Rule(
        id=str(rule_id), category=raw["category"], entity=raw["entity"], severity=raw["severity"],
        action=raw["action"], legal_basis=basis, message=str(raw["message"]),
        patterns=() if recognizer and "patterns" not in raw else
        _patterns(source, rule_id, raw["patterns"], _flags(source, rule_id, raw.get("flags"))),
        source=source, message_en=str(raw.get("message_en", "")),
        context_words=tuple(context.get("words") or ()), context_window=int(context.get("window", 20)),
        context_boost=float(context.get("boost", 0.25)), context_required=bool(context.get("required", False)),
        negative_words=tuple(negative.get("words") or ()), negative_window=int(negative.get("window", 10)),
        validator=validator, invalid_score=raw.get("invalid_score"),
        languages=tuple(raw.get("languages") or ("zh", "en")),
        scope_layers=tuple(scope.get("layers") or ()), scope_first_lines=scope.get("first_lines"),
        examples_match=matches, examples_no_match=no_matches,
        recognizer=None if recognizer is None else str(recognizer), role=raw.get("role"),
        trigger=_trigger(source, rule_id, raw.get("trigger")),
    )


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, turning syntax errors into RulePackError."""
    try:
        # libyaml's safe loader when present: the same data, ~8x faster (rule files are read at every start)
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise RulePackError(str(path), None, None, f"cannot read YAML: {exc}") from None


def load_legal_basis(rules_dir: Path) -> dict:
    """The legal-basis table: key -> {zh, en}."""
    data = read_yaml(rules_dir / LEGAL_BASIS_FILE) or {}
    for key, entry in data.items():
        if not isinstance(entry, dict) or not entry.get("zh") or not entry.get("en"):
            _fail(str(rules_dir / LEGAL_BASIS_FILE), key, "zh/en", "each basis needs a zh and an en citation")
    return data


@lru_cache(maxsize=8)
def load_rulepack(rules_dir: Path) -> RulePack:
    """Read and validate every rule file in `rules_dir` (cached per directory for the process)."""
    rules_dir = Path(rules_dir)
    legal_basis = load_legal_basis(rules_dir)
    rules, seen = [], {}
    for path in sorted(rules_dir.glob("*.yaml")):
        if path.name in NON_RULE_FILES:
            continue
        data = read_yaml(path) or {}
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            _fail(str(path), None, "rules", "a rule file must be a mapping with a `rules:` list")
        for raw in data["rules"]:
            rule = parse_rule(raw, path.name, legal_basis)
            if rule.id in seen:
                _fail(path.name, rule.id, "id", f"duplicate id (also in {seen[rule.id]})")
            seen[rule.id] = path.name
            rules.append(rule)
    return RulePack(tuple(rules), legal_basis)
