"""Sensitive aggregation (数据汇聚): record density, tables, coordinates and sites, what was already published.

The stage reads top to bottom: rebuild tables -> type their columns -> collect records ->
persons in company columns -> record density -> k-anonymity and small cells -> sites and
coordinates -> ledger look-ups (when a ledger is configured). Thresholds and vocabularies live in
rules/aggregation.yaml. Every step is linear in the size of the document.
"""
from __future__ import annotations

from bisect import bisect_right

from review.aggregation_findings import Context, make_finding, table_finding
from review.aggregation_rules import citations, load_rules
from review.columns import infer_layout
from review.coordinates import metres, summarize
from review.density import density_findings, person_cell_findings
from review.kanon import k_anonymity, small_cells
from review.ledger_check import draft_recombination_findings
from review.model import Finding
from review.records import build_records
from review.sites import find_sites
from review.tables import build_tables, covered_segments

GENERALISE = {"age": "年龄概括为10岁区间", "district": "区县概括到上一级", "occupation": "职业归类或删除",
              "birth_date": "出生日期只保留年份", "sex": "性别与其他列不同时公开", "address": "地址只保留到街道"}


def find(document, findings, config) -> list[Finding]:
    """Aggregation findings for the document (and PERSON findings for persons in company columns)."""
    ctx = build_context(document, tuple(findings), config)
    persons, person_tables = person_cell_findings(ctx)
    out = persons + density_findings(ctx, person_tables)
    out += table_findings(ctx) + site_findings(ctx)
    out += draft_recombination_findings(ctx) + ledger_findings(ctx, config)
    return out


def build_context(document, findings, config) -> Context:
    """Tables, column layouts and records of a document, computed once for every check."""
    rules = load_rules(config.rules_dir)
    tables = build_tables(document, rules.min_text_rows)
    entities = _cell_entities(tables, findings)
    layouts = tuple(infer_layout(t, rules, entities.get(i, {})) for i, t in enumerate(tables))
    covered = frozenset(covered_segments(document, tables))
    records = tuple(build_records(document, findings, tables, layouts, covered, rules))
    return Context(document, findings, rules, lambda keys: citations(config.rules_dir, tuple(keys)), tables,
                   layouts, covered, records)


def _cell_entities(tables, findings) -> dict:
    """table position -> {(row, column): entity types of detection findings inside that cell}."""
    cells = sorted((c.start, c.end, i, c.row, c.column) for i, t in enumerate(tables) for r in t.rows for c in r.cells)
    starts = [c[0] for c in cells]
    out: dict = {}
    for f in findings:
        j = bisect_right(starts, f.start) - 1
        if j >= 0 and cells[j][0] <= f.start < cells[j][1]:
            _, _, i, row, column = cells[j]
            out.setdefault(i, {}).setdefault((row, column), set()).add(f.entity_type)
    return out


def table_findings(ctx: Context) -> list[Finding]:
    """Low k-anonymity and small cells, table by table."""
    out = []
    for table, layout in zip(ctx.tables, ctx.layouts):
        k = k_anonymity(layout, ctx.rules)
        if k:
            out.append(_k_finding(ctx, table, k))
        cells = small_cells(layout, ctx.rules)
        if cells:
            out.append(_small_cell_finding(ctx, table, cells))
    return out


def _k_finding(ctx: Context, table, k) -> Finding:
    names = "＋".join(c.label() for c in k.columns)
    advice = "；".join(GENERALISE[c.type] for c in k.columns if c.type in GENERALISE)
    return table_finding(
        ctx, table, entity="LOW_K_ANONYMITY", rule_id="aggregation.low_k_anonymity",
        text=f"{table.describe()}：{len(k.rows)}行可单独识别",
        explanation=f"{table.describe()}中{names}的组合在{len(k.rows)}行里出现不足{ctx.rules.k}次"
                    f"（最小k={k.smallest_k}），即使删除姓名也能识别到个人。",
        details={"count": len(k.rows), "k": ctx.rules.k, "smallest_k": k.smallest_k, "columns": names,
                 "assessed_rows": k.assessed, "suggested_action": f"{advice}；或改为定向公开"},
        keys=ctx.rules.k_legal_basis, rows=k.rows)


def _small_cell_finding(ctx: Context, table, cells) -> Finding:
    counts = "、".join(c.label() for c in cells.count_columns)
    limit = ctx.rules.small_cell_max
    return table_finding(
        ctx, table, entity="SMALL_CELL", rule_id="aggregation.small_cell",
        text=f"{table.describe()}：{len(cells.cells)}个小样本单元格",
        explanation=f"{table.describe()}的统计数「{counts}」中有{len(cells.cells)}个单元格为1至{limit}，"
                    "结合类别可指向具体个人。",
        details={"count": len(cells.cells), "max_count": limit, "columns": counts,
                 "suggested_action": f"将1至{limit}的数值显示为“<{limit + 1}”，或合并类别后公开"},
        keys=ctx.rules.small_cell_legal_basis, severity="low", rows=cells.rows)


def site_findings(ctx: Context) -> list[Finding]:
    """Security-relevant sites (SENSITIVE_SITE) and many precise coordinates (COORDINATES)."""
    out, redacted = [], set()
    for result in find_sites(ctx.document, ctx.tables, ctx.layouts, ctx.covered, ctx.rules):
        if result.kind is None:
            out.append(_census_finding(ctx, result))
            continue
        out.append(_site_finding(ctx, result))
        for point in result.precise(ctx.rules.precise_decimals):
            if point.start not in redacted:
                redacted.add(point.start)
                out.append(_site_coordinate(ctx, result, point))
    return out


def _site_coordinate(ctx: Context, result, point) -> Finding:
    """One precise coordinate of a security-relevant site, to remove or generalise (so that the
    reviewer can redact the points without blanking the whole table)."""
    c = point.coordinate
    start, end = point.start, point.start + (c.end - c.start)
    rules = ctx.rules
    return Finding(rule_id="aggregation.site_coordinate", category="aggregation", entity_type="COORDINATES",
                   start=start, end=end, text=ctx.document.text[start:end],
                   location=ctx.document.segment_at(start).location, score=0.9, severity="high", action="redact",
                   legal_basis=ctx.cite(rules.site_legal_basis[result.mode]),
                   explanation=f"{result.kind.label}的精确坐标（约{metres(c.decimals)}米精度），与设施信息同时公开可定位设施。",
                   details=(("site", result.kind.name), ("decimals", str(c.decimals)),
                            ("suggested_action", f"删除坐标，或概括到小数点后{rules.generalise_to}位")))


def _coordinate_facts(ctx: Context, points) -> tuple[dict, str]:
    rules = ctx.rules
    summary = summarize([p.coordinate for p in points], rules.precise_decimals)
    facts = {"points": summary.points, "precise_points": summary.precise_points,
             "decimals": summary.max_decimals, "precision_m": metres(summary.max_decimals) if points else None}
    text = (f"坐标{summary.points}个点（精确点{summary.precise_points}个，约{metres(summary.max_decimals)}米精度）"
            if points else "")
    return facts, text


def _site_finding(ctx: Context, result) -> Finding:
    rules, kind = ctx.rules, result.kind
    facts, coord_text = _coordinate_facts(ctx, result.points)
    words = sorted({h.word for h in result.hits})
    protection = sorted({h.word for h in result.hits if h.group == "protection"})
    combo = "、".join(x for x in (coord_text, f"防护安排（{'、'.join(protection)}）" if protection else "") if x)
    where = result.table_label or "文中"
    if result.mode == "none":
        action = "不予公开（涉及安全）；如需公开，删除坐标与防护安排后报保密审查"
    else:
        action = f"坐标概括到小数点后{rules.generalise_to}位、删除值守与储存安排，或改为定向公开"
    rows = [p.row for p in result.precise(rules.precise_decimals)]
    return make_finding(
        ctx, entity="SENSITIVE_SITE", rule_id=f"aggregation.sensitive_site.{kind.name}",
        span=(result.start, result.end), location=result.location,
        text=f"{where}：{kind.label}＋{'精确坐标' if coord_text else '防护安排'}",
        explanation=f"{where}中{kind.label}相关内容（{'、'.join(words[:8])}）与{combo}同时出现，"
                    f"汇聚后可定位安全相关设施。",
        details={"site": kind.name, "count": facts["precise_points"], **facts, "recommend": result.mode,
                 "protection": "、".join(protection), "suggested_action": action},
        keys=rules.site_legal_basis[result.mode], severity="high", rows=rows)


def _census_finding(ctx: Context, result) -> Finding:
    rules = ctx.rules
    facts, coord_text = _coordinate_facts(ctx, result.points)
    where = result.table_label or "文中"
    rows = [p.row for p in result.precise(rules.precise_decimals)]
    return make_finding(
        ctx, entity="COORDINATES", rule_id="aggregation.coordinates",
        span=(result.start, result.end), location=result.location,
        text=f"{where}：{facts['precise_points']}个精确坐标点",
        explanation=f"{where}列出{coord_text}；请确认这些点位不涉及安全相关设施。",
        details={"count": facts["precise_points"], **facts,
                 "suggested_action": f"坐标概括到小数点后{rules.generalise_to}位"},
        keys=rules.coordinate_legal_basis, severity="low", rows=rows)


def ledger_findings(ctx: Context, config) -> list[Finding]:
    """LEDGER_LINKAGE and MASK_RECOMBINATION against the publication ledger, when one is configured."""
    from review.ledger_check import ledger_url_of

    if not ledger_url_of(config):
        return []
    from review.ledger_check import check_against_ledger

    return check_against_ledger(ctx, config)
