"""rules/aggregation.yaml read into one frozen value: thresholds and vocabularies of the aggregation stage.

Every field is checked on load; an error names the file and the field and says
what would be valid. The file is read once per (path, modification time).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from review.errors import RulePackError
from review.model import MODES

FILE_NAME = "aggregation.yaml"
LEGAL_BASIS_FILE = "legal_basis.yaml"


@dataclass(frozen=True)
class SiteKind:
    """A kind of security-relevant site and the mode each combination calls for."""

    name: str
    label: str
    terms: tuple[str, ...]
    requires: tuple[str, ...]
    with_precise_coordinates: str | None
    with_protection_details: str | None
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()


@dataclass(frozen=True)
class AggregationRules:
    """The settings of rules/aggregation.yaml, one attribute per documented key."""

    source: str
    density_per_table: int
    density_per_document: int
    person_identifiers: frozenset
    owned_identifiers: frozenset
    sensitive_types: frozenset
    text_record_gap: int
    max_rows_listed: int
    density_legal_basis: tuple[str, ...]
    min_text_rows: int
    header_search_rows: int
    value_share: float
    company_share: float
    home_address_headers: tuple[str, ...]
    column_headers: dict
    company_markers: tuple[str, ...]
    person_affixes: tuple[str, ...]
    not_names: frozenset
    k: int
    quasi_identifiers: frozenset
    person_attributes: frozenset
    k_min_columns: int
    k_min_rows: int
    k_legal_basis: tuple[str, ...]
    small_cell_max: int
    person_count_headers: tuple[str, ...]
    total_words: tuple[str, ...]
    small_cell_legal_basis: tuple[str, ...]
    precise_decimals: int
    generalise_to: int
    many_points: int
    coordinate_context: tuple[str, ...]
    coordinate_window: int
    coordinate_legal_basis: tuple[str, ...]
    site_window: int
    caption_segments: int
    min_protection_terms: int
    negation_words: tuple[str, ...]
    negation_window: int
    site_legal_basis: dict
    site_kinds: tuple[SiteKind, ...]
    nuclides: tuple[str, ...]
    element_names: dict
    activity_units: tuple[str, ...]
    protection: tuple[str, ...]
    pivot_kinds: frozenset
    ledger_kinds: frozenset
    masked_link_min_visible: int
    min_shared_visible: int
    name_required_below: int
    anchor: int
    ledger_legal_basis: tuple[str, ...]


class _Reader:
    """Typed access to nested keys, failing with the file and the dotted field name."""

    def __init__(self, source: str, data: dict):
        self.source, self.data = source, data

    def fail(self, key: str, problem: str):
        """Raise the error that names the file and the field."""
        raise RulePackError(self.source, None, key, problem)

    def get(self, key: str, kind: type | tuple, *, optional: bool = False) -> Any:
        """The value at a dotted key, checked against a type."""
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                if optional:
                    return None
                self.fail(key, "missing; see the comments in rules/aggregation.yaml")
            node = node[part]
        if node is None and optional:
            return None
        if kind is float and isinstance(node, int):
            node = float(node)
        if not isinstance(node, kind) or isinstance(node, bool) and kind is not bool:
            self.fail(key, f"must be {getattr(kind, '__name__', kind)}, got {type(node).__name__}")
        return node

    def words(self, key: str) -> tuple[str, ...]:
        """A list of non-empty strings."""
        value = self.get(key, list)
        if not all(isinstance(w, str) and w for w in value):
            self.fail(key, "must be a list of non-empty strings")
        return tuple(value)

    def mode(self, key: str) -> str | None:
        """A disclosure mode or null."""
        value = self.get(key, str, optional=True)
        if value is not None and value not in MODES:
            self.fail(key, f"must be one of {', '.join(MODES)} or null")
        return value


def _examples(r: _Reader, key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A kind's `examples: {match: [sentence, ...], no_match: [sentence, ...]}`, both required (run by the tests)."""
    raw = r.get(key, dict)
    if set(raw) != {"match", "no_match"}:
        r.fail(key, "must be {match: [sentence giving a hit], no_match: [reference-point or unrelated sentence]}")
    match, no_match = r.words(key + ".match"), r.words(key + ".no_match")
    if not match or not no_match:
        r.fail(key, "`match` and `no_match` must each hold at least one sentence")
    return match, no_match


def _site_kinds(r: _Reader) -> tuple[SiteKind, ...]:
    kinds = []
    for name in r.get("sites.kinds", dict):
        base = f"sites.kinds.{name}"
        requires = r.words(base + ".requires")
        for req in requires:
            if req not in ("nuclides", "activity", "protection"):
                r.fail(base + ".requires", f"unknown vocabulary {req!r}; valid: nuclides, activity, protection")
        kinds.append(SiteKind(name, r.get(base + ".label", str), r.words(base + ".terms"), requires,
                              r.mode(base + ".with_precise_coordinates"), r.mode(base + ".with_protection_details"),
                              *_examples(r, base + ".examples")))
    return tuple(kinds)


def _headers(r: _Reader) -> dict:
    raw = r.get("column_headers", dict)
    return {name: tuple(w.lower() for w in r.words(f"column_headers.{name}")) for name in raw}


def parse(source: str, data: dict) -> AggregationRules:
    """Build AggregationRules from the parsed YAML mapping (raises RulePackError)."""
    r = _Reader(source, data if isinstance(data, dict) else {})
    return AggregationRules(
        source=source,
        density_per_table=r.get("record_density.per_table", int),
        density_per_document=r.get("record_density.per_document", int),
        person_identifiers=frozenset(r.words("record_density.person_identifiers")),
        owned_identifiers=frozenset(r.words("record_density.owned_identifiers")),
        sensitive_types=frozenset(r.words("record_density.sensitive_types")),
        text_record_gap=r.get("record_density.text_record_gap", int),
        max_rows_listed=r.get("record_density.max_rows_listed", int),
        density_legal_basis=r.words("record_density.legal_basis"),
        min_text_rows=r.get("tables.min_text_rows", int),
        header_search_rows=r.get("tables.header_search_rows", int),
        value_share=r.get("tables.value_share", float),
        company_share=r.get("tables.company_share", float),
        home_address_headers=r.words("tables.home_address_headers"),
        column_headers=_headers(r),
        company_markers=r.words("company_markers"),
        person_affixes=r.words("person_affixes"),
        not_names=frozenset(r.words("not_names")),
        k=r.get("k_anonymity.k", int),
        quasi_identifiers=frozenset(r.words("k_anonymity.quasi_identifiers")),
        person_attributes=frozenset(r.words("k_anonymity.person_attributes")),
        k_min_columns=r.get("k_anonymity.min_columns", int),
        k_min_rows=r.get("k_anonymity.min_rows", int),
        k_legal_basis=r.words("k_anonymity.legal_basis"),
        small_cell_max=r.get("small_cells.max_count", int),
        person_count_headers=tuple(w.lower() for w in r.words("small_cells.person_count_headers")),
        total_words=tuple(w.lower() for w in r.words("small_cells.total_words")),
        small_cell_legal_basis=r.words("small_cells.legal_basis"),
        precise_decimals=r.get("coordinates.precise_decimals", int),
        generalise_to=r.get("coordinates.generalise_to", int),
        many_points=r.get("coordinates.many_points", int),
        coordinate_context=r.words("coordinates.context_words"),
        coordinate_window=r.get("coordinates.window", int),
        coordinate_legal_basis=r.words("coordinates.legal_basis"),
        site_window=r.get("sites.window_segments", int),
        caption_segments=r.get("sites.caption_segments", int),
        min_protection_terms=r.get("sites.min_protection_terms", int),
        negation_words=r.words("sites.negation_words"),
        negation_window=r.get("sites.negation_window", int),
        site_legal_basis={"none": r.words("sites.legal_basis_none"),
                          "targeted": r.words("sites.legal_basis_targeted")},
        site_kinds=_site_kinds(r),
        nuclides=r.words("vocabularies.nuclides"),
        element_names=dict(r.get("vocabularies.element_names", dict)),
        activity_units=r.words("vocabularies.activity_units"),
        protection=r.words("vocabularies.protection"),
        pivot_kinds=frozenset(r.words("ledger.pivot_kinds")),
        ledger_kinds=frozenset(r.words("ledger.kinds")),
        masked_link_min_visible=r.get("ledger.masked_link_min_visible", int),
        min_shared_visible=r.get("ledger.min_shared_visible", int),
        name_required_below=r.get("ledger.name_required_below", int),
        anchor=r.get("ledger.anchor", int),
        ledger_legal_basis=r.words("ledger.legal_basis"),
    )


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> AggregationRules:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulePackError(path, None, None, f"cannot read ({type(exc).__name__})") from None
    return parse(path, data)


@lru_cache(maxsize=8)
def _legal_basis(path: str, mtime: float) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulePackError(path, None, None, f"cannot read ({type(exc).__name__})") from None
    return data if isinstance(data, dict) else {}


def citations(rules_dir, keys) -> tuple[str, ...]:
    """The Chinese citations of legal-basis keys (rules/legal_basis.yaml); an unknown key is an error."""
    path = Path(rules_dir) / LEGAL_BASIS_FILE
    try:
        table = _legal_basis(str(path), path.stat().st_mtime)
    except OSError:
        raise RulePackError(str(path), None, None, "missing") from None
    out = []
    for key in keys:
        if key not in table or "zh" not in table[key]:
            raise RulePackError(str(path), None, key, "unknown legal-basis key cited by rules/aggregation.yaml")
        out.append(table[key]["zh"])
    return tuple(out)


def load_rules(rules_dir) -> AggregationRules:
    """The aggregation settings of a rules directory (rules/aggregation.yaml)."""
    path = Path(rules_dir) / FILE_NAME
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise RulePackError(str(path), None, None, "missing: the aggregation stage needs this file") from None
    return _load_cached(str(path), mtime)
