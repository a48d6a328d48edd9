"""Building aggregation findings: one shape for every table- or document-level finding.

A table-level finding spans the table's first cell to its last cell; its text is a short
description (never the values); its details carry count, rows, recommend (a mode, only when the
finding should change the recommendation), suggested_action and the legal-basis keys.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from review.aggregation_rules import AggregationRules
from review.model import Document, Finding, Location


@dataclass(frozen=True)
class Context:
    """Everything the aggregation checks share for one document."""

    document: Document
    findings: tuple
    rules: AggregationRules
    cite: Callable  # legal-basis keys -> citations
    tables: tuple
    layouts: tuple
    covered: frozenset
    records: tuple


def rows_text(rows, limit: int) -> tuple[tuple[str, str], ...]:
    """The rows detail ("3,7,12"), cut to `limit` entries with a flag when cut."""
    ordered = sorted(dict.fromkeys(r for r in rows if r is not None))
    out = (("rows", ",".join(str(r) for r in ordered[:limit])),)
    if len(ordered) > limit:
        out += (("rows_truncated", "true"),)
    return out


def make_finding(ctx: Context, *, entity: str, rule_id: str, span: tuple[int, int], location: Location,
                 text: str, explanation: str, details: dict, keys, severity: str = "medium",
                 action: str = "review", score: float = 0.9, rows=()) -> Finding:
    """An aggregation finding with its reason, count, rows and legal basis."""
    info = {k: str(v) for k, v in details.items() if v is not None and v != ""}
    info["legal_basis_keys"] = ",".join(keys)
    items = tuple(info.items()) + rows_text(rows, ctx.rules.max_rows_listed)
    return Finding(rule_id=rule_id, category="aggregation", entity_type=entity, start=span[0], end=span[1],
                   text=text, location=location, score=score, severity=severity, action=action,
                   legal_basis=ctx.cite(keys), explanation=explanation, details=items)


def table_finding(ctx: Context, table, **kwargs) -> Finding:
    """A finding about a whole table (span: first cell to last cell; location: the table)."""
    return make_finding(ctx, span=(table.start, table.end), location=table.location, **kwargs)
