"""Record density (many personal records in one list) and natural persons in a column of companies."""
from __future__ import annotations

from bisect import bisect_left

from review.aggregation_findings import Context, make_finding, table_finding
from review.columns import person_span
from review.model import Finding

IDENTIFYING_COLUMNS = ("name", "id", "phone", "plate", "vin", "address")


def is_personal(record, rules) -> bool:
    """Whether a record identifies a natural person (a column-typed address alone does not: it may
    be a company's)."""
    kinds = {v.kind for v in record.values if not (v.kind == "ADDRESS" and v.source == "column")}
    return bool(kinds & rules.person_identifiers)


def _sensitive(records, rules) -> bool:
    return any(v.kind in rules.sensitive_types for r in records for v in r.values)


def _mask_columns(layout) -> str:
    """The identifying columns to mask, by header: 车主、号牌号码."""
    cols = [c for _, c in sorted(layout.columns.items()) if c.type in IDENTIFYING_COLUMNS or c.party]
    return "、".join(c.label() for c in cols)


def _density_details(count: int, threshold: int, sensitive: bool, action: str) -> dict:
    return {"count": count, "threshold": threshold, "recommend": "targeted" if sensitive else None,
            "suggested_action": action}


def density_findings(ctx: Context, skip_tables: set) -> list[Finding]:
    """Tables with many personal records; else the document, when its records add up."""
    rules = ctx.rules
    personal = [r for r in ctx.records if is_personal(r, rules)]
    by_table: dict = {}  # grouped once: a scan of all records per table is quadratic
    for r in personal:
        by_table.setdefault(r.table, []).append(r)
    out = []
    for position, (table, layout) in enumerate(zip(ctx.tables, ctx.layouts)):
        rows = by_table.get(position, [])
        if len(rows) < rules.density_per_table or position in skip_tables:
            continue
        sensitive = _sensitive(rows, rules)
        columns = _mask_columns(layout) or "含个人信息的列"
        action = f"遮盖列：{columns}（姓名→刘某某，证件号保留前6后4）" + ("；含敏感个人信息，建议定向公开" if sensitive else "；或改为定向公开")
        keys = rules.density_legal_basis + (("pipl_art28",) if sensitive else ())
        out.append(table_finding(
            ctx, table, entity="RECORD_DENSITY", rule_id="aggregation.record_density.table",
            text=f"{table.describe()}：{len(rows)}条个人记录",
            explanation=f"{table.describe()}列出{len(rows)}条可识别个人的记录（阈值{rules.density_per_table}），"
                        "单条信息虽普通，汇聚成表即构成个人信息汇聚。",
            details=_density_details(len(rows), rules.density_per_table, sensitive, action), keys=keys,
            rows=[r.row for r in rows]))
    if not out and len(personal) >= rules.density_per_document:
        out.append(_document_density(ctx, personal))
    return out


def _document_density(ctx: Context, personal) -> Finding:
    """A document-level density finding over records spread through the text and small tables."""
    rules = ctx.rules
    sensitive = _sensitive(personal, rules)
    keys = rules.density_legal_basis + (("pipl_art28",) if sensitive else ())
    action = "遮盖各条记录中的姓名、证件号、电话、住址" + ("；含敏感个人信息，建议定向公开" if sensitive else "；或改为定向公开")
    return make_finding(
        ctx, entity="RECORD_DENSITY", rule_id="aggregation.record_density.document",
        span=(personal[0].start, personal[-1].end), location=personal[0].location,
        text=f"全文：{len(personal)}条个人记录",
        explanation=f"全文共有{len(personal)}条可识别个人的记录（阈值{rules.density_per_document}），构成个人信息汇聚。",
        details=_density_details(len(personal), rules.density_per_document, sensitive, action),
        keys=keys, rows=[r.row for r in personal])


def _reported(findings, entity: str) -> list[tuple[int, int]]:
    return sorted((f.start, f.end) for f in findings if f.entity_type == entity)


def _already(spans, start: int, end: int) -> bool:
    """Whether a sorted list of (start, end) has a span overlapping [start, end) (bisect: no scan)."""
    i = bisect_left(spans, (end,))
    return any(s < end and start < e for s, e in spans[max(0, i - 3):i])


def person_cell_findings(ctx: Context) -> tuple[list[Finding], set]:
    """PERSON findings for natural persons in party columns, and one table finding per company column.

    Returns the findings and the positions of the tables reported (their density is folded in).
    """
    rules, cite = ctx.rules, ctx.cite
    reported, organisations = _reported(ctx.findings, "PERSON"), _reported(ctx.findings, "ORGANIZATION")
    out, tables_done = [], set()
    for position, (table, layout) in enumerate(zip(ctx.tables, ctx.layouts)):
        for column in (c for _, c in sorted(layout.columns.items()) if c.party):
            rows = []
            for row in layout.data_rows:
                cell = row.cell(column.number)
                span = person_span(cell.text, rules) if cell else None
                if span is None or _already(organisations, cell.start, cell.end):
                    continue  # not a name, or the detection stage knows it as an organisation (张江高科)
                rows.append(row.number)
                start, end = cell.start + span[0], cell.start + span[1]
                if not _already(reported, start, end):
                    out.append(_person_finding(cell, start, end, column, cite))
            if rows and column.type == "company":
                out.append(_persons_table_finding(ctx, table, column, rows))
                tables_done.add(position)
    return out, tables_done


def _person_finding(cell, start: int, end: int, column, cite) -> Finding:
    """A natural person's name in a party column: redact (masked as 刘某某)."""
    return Finding(rule_id="aggregation.person_in_company_column", category="personal", entity_type="PERSON",
                   start=start, end=end, text=cell.text[start - cell.start:end - cell.start],
                   location=cell.location, score=0.8, severity="high", action="redact",
                   legal_basis=cite(("ogi_art15", "pipl_art4")),
                   explanation=f"「{column.label()}」列中多为单位名称，此格为自然人姓名（车主、持证人、个体工商户），公开前应遮盖。",
                   details=(("column", column.label()), ("row", str(cell.row))))


def _persons_table_finding(ctx: Context, table, column, rows) -> Finding:
    """The table-level view: which rows of a company column name natural persons."""
    rules = ctx.rules
    dense = len(rows) >= rules.density_per_table
    note = f"，达到个人信息汇聚阈值{rules.density_per_table}" if dense else ""
    return table_finding(
        ctx, table, entity="RECORD_DENSITY", rule_id="aggregation.persons_in_company_column",
        text=f"{table.describe()}「{column.label()}」列：{len(rows)}名自然人",
        explanation=f"{table.describe()}「{column.label()}」列以单位为主，其中{len(rows)}行为自然人{note}；"
                    "单位名称可公开，自然人姓名应遮盖。",
        details={"count": len(rows), "column": column.label(), "threshold": rules.density_per_table,
                 "suggested_action": f"遮盖列「{column.label()}」中自然人所在行（姓名→刘某某），单位名称保留"},
        keys=rules.density_legal_basis, rows=rows)
