"""The aggregation stage on drafts built here: vehicle lists, dense person lists, sites and coordinates."""
from __future__ import annotations

import hashlib
import time

import docx
import openpyxl
import pytest

from review import review_file
from review.aggregation import find
from review.config import DEFAULT_RULES_DIR, Config
from review.model import Document, Finding, Location

CONFIG = Config(ledger_url="")
PERSONS = {3: "张伟", 7: "王芳", 12: "李娜", 18: "刘洋", 25: "陈杰", 33: "杨敏"}


def grid_document(rows, *, caption=None, layer="table") -> Document:
    """A Document whose rows are docx table cells (or sheet cells), with an optional caption paragraph."""
    pieces = [(caption, Location(layer="body", paragraph=1))] if caption else []
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            if layer == "table":
                pieces.append((text, Location(layer="table", table=1, row=r, column=c, part="word/document.xml")))
            else:
                pieces.append((text, Location(layer="cell", sheet="名单", row=r, column=c)))
    return Document.build("draft.docx", "docx", pieces, hashlib.sha256(repr(rows).encode()).hexdigest())


def text_document(lines) -> Document:
    pieces = [(line, Location(layer="body", line=n)) for n, line in enumerate(lines, start=1)]
    return Document.build("draft.txt", "txt", pieces, hashlib.sha256("\n".join(lines).encode()).hexdigest())


def vehicle_rows(n=40, persons=PERSONS):
    rows = [["序号", "号牌号码", "车主", "车辆类型"]]
    for i in range(1, n + 1):
        owner = persons.get(i, f"上海第{i}运输有限公司")
        rows.append([str(i), f"沪A{10000 + i}", owner, "重型货车"])
    return rows


def by_rule(findings, rule_id) -> list[Finding]:
    return [f for f in findings if f.rule_id == rule_id]


def rows_of(finding) -> set[int]:
    return {int(r) for r in dict(finding.details)["rows"].split(",") if r}


@pytest.mark.parametrize("layer", ["table", "cell"])
def test_vehicle_list_flags_the_natural_person_owners_only(layer):
    document = grid_document(vehicle_rows(), layer=layer)
    found = find(document, [], CONFIG)
    persons = by_rule(found, "aggregation.person_in_company_column")
    assert sorted(f.text for f in persons) == sorted(PERSONS.values())
    assert {f.location.row for f in persons} == {i + 1 for i in PERSONS}  # +1: the header row
    assert all(f.action == "redact" and f.category == "personal" for f in persons)
    (table,) = by_rule(found, "aggregation.persons_in_company_column")
    assert rows_of(table) == {i + 1 for i in PERSONS}
    assert dict(table.details)["count"] == str(len(PERSONS))
    assert (table.start, table.end) == (document.segments[0].offset, document.segments[-1].end)
    assert "张伟" not in table.text and "公司" not in table.text


def test_a_person_the_detection_stage_already_reported_is_not_reported_twice():
    document = grid_document(vehicle_rows())
    cell = next(s for s in document.segments if s.text == "张伟")
    earlier = Finding("personal.person", "personal", "PERSON", cell.offset, cell.end, "张伟", cell.location,
                      0.9, "high", "redact")
    persons = by_rule(find(document, [earlier], CONFIG), "aggregation.person_in_company_column")
    assert "张伟" not in {f.text for f in persons}
    assert len(persons) == len(PERSONS) - 1


def test_vehicle_list_from_a_real_docx_and_xlsx(tmp_path):
    rows = vehicle_rows()
    d = docx.Document()
    d.add_paragraph("2024年淘汰老旧车辆名单")
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.save(tmp_path / "list.docx")
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(tmp_path / "list.xlsx")
    for name in ("list.docx", "list.xlsx"):
        report = review_file(tmp_path / name, CONFIG)
        flagged = {f.text for f in report.findings if f.entity_type == "PERSON" and f.action == "redact"}
        assert flagged >= set(PERSONS.values()), name
        assert not any("公司" in text for text in flagged), name


def test_a_dense_person_list_is_a_record_density_finding():
    rows = [["姓名", "身份证号", "联系电话"]]
    rows += [[f"张{c}", f"11010519491231{i:03d}X", f"138{i:08d}"] for i, c in enumerate("伟芳娜洋杰敏静丽强磊军", 1)]
    found = find(grid_document(rows), [], CONFIG)
    (density,) = by_rule(found, "aggregation.record_density.table")
    assert dict(density.details)["count"] == "11"
    assert rows_of(density) == set(range(2, 13))
    assert "recommend" not in dict(density.details)  # masking the columns fixes it: no mode change
    assert "姓名" in dict(density.details)["suggested_action"]


def test_a_short_person_list_is_below_the_density_threshold():
    rows = [["姓名", "联系电话"], ["张伟", "13800000001"], ["王芳", "13800000002"]]
    assert not by_rule(find(grid_document(rows), [], CONFIG), "aggregation.record_density.table")


def test_density_with_sensitive_personal_information_recommends_targeted():
    rows = [["姓名", "身份证号"]] + [[f"王{c}", f"11010519491231{i:03d}X"] for i, c in enumerate("伟芳娜洋杰敏静丽强磊", 1)]
    document = grid_document(rows)
    health = [Finding("personal.health", "personal", "SENSITIVE_HEALTH", s.offset, s.end, s.text, s.location,
                      0.9, "high", "redact") for s in document.segments if s.text.startswith("1101")]
    (density,) = by_rule(find(document, health, CONFIG), "aggregation.record_density.table")
    assert dict(density.details)["recommend"] == "targeted"


def test_masked_person_lists_are_not_dense():
    rows = [["姓名", "号牌号码"]] + [[f"{c}某某", f"沪A***{i:02d}"] for i, c in enumerate("张王李刘陈杨黄赵吴周徐孙", 1)]
    assert not [f for f in find(grid_document(rows), [], CONFIG) if f.category == "aggregation"]


def test_form_style_text_groups_lines_into_one_record_per_person():
    lines = []
    for i in range(25):
        lines += [f"姓名：张{'伟芳娜洋杰敏静丽强磊军平刚桂英华明红玉兰霞秀梅斌鹏宇'[i]}", f"身份证号：11010519491231{i:03d}X"]
    (density,) = by_rule(find(text_document(lines), [], CONFIG), "aggregation.record_density.document")
    assert dict(density.details)["count"] == "25"


def radioactive_rows(decimals=6):
    rows = [["序号", "单位名称", "核素", "活度", "经度", "纬度"]]
    for i in range(1, 6):
        lon, lat = 121.4 + i / 97, 31.2 + i / 89
        rows.append([str(i), f"某某无损检测有限公司{i}", "Ir-192", "3.7E+12Bq", f"{lon:.{decimals}f}", f"{lat:.{decimals}f}"])
    return rows


def test_radioactive_source_list_with_precise_coordinates_recommends_none():
    found = find(grid_document(radioactive_rows(), caption="放射源台账"), [], CONFIG)
    (site,) = [f for f in found if f.entity_type == "SENSITIVE_SITE"]
    details = dict(site.details)
    assert details["recommend"] == "none" and details["site"] == "radioactive_source"
    assert details["precise_points"] == "5" and rows_of(site) == set(range(2, 7))
    assert "《中华人民共和国政府信息公开条例》第十四条" in site.legal_basis
    assert "121.4" not in site.text


def test_the_precise_coordinates_of_a_site_can_be_redacted_one_by_one():
    document = grid_document(radioactive_rows(), caption="放射源台账")
    points = by_rule(find(document, [], CONFIG), "aggregation.site_coordinate")
    assert len(points) == 10 and all(f.action == "redact" for f in points)
    assert all(document.text[f.start:f.end] == f.text and f.text.startswith(("121.", "31.")) for f in points)


def test_radioactive_source_list_with_coordinates_cut_to_two_decimals_is_not_a_site():
    found = find(grid_document(radioactive_rows(decimals=2), caption="放射源台账"), [], CONFIG)
    assert not [f for f in found if f.entity_type == "SENSITIVE_SITE"]


def test_monitoring_station_list_with_coarse_coordinates_has_no_aggregation_finding():
    rows = [["序号", "站点名称", "所在区", "经度", "纬度"]]
    rows += [[str(i), f"第{i}空气自动监测站", "黄浦区", f"121.{40 + i}", f"31.{20 + i}"] for i in range(1, 16)]
    found = find(grid_document(rows, caption="2024年空气质量监测站点一览"), [], CONFIG)
    assert not [f for f in found if f.category == "aggregation"]


def test_monitoring_stations_with_protection_details_recommend_targeted():
    lines = ["第1空气自动监测站位于东经121.473721°、北纬31.230416°。",
             "站房设专人值守，门禁与视频监控全天运行。"]
    (site,) = [f for f in find(text_document(lines), [], CONFIG) if f.entity_type == "SENSITIVE_SITE"]
    assert dict(site.details)["recommend"] == "targeted"


@pytest.mark.parametrize("text,expected", [
    ("取水口位于东经121.4737°、北纬31.2304°。", "targeted"),
    ("项目中心坐标为东经121.4737°、北纬31.2304°，距最近的饮用水水源保护区约5公里。", None),
    ("危险废物贮存设施坐标：X=3456789.12，Y=512345.67（CGCS2000）。", "targeted"),
    ("核电站周边监测点坐标 31°14′22″N、121°28′25″E。", "none"),
    ("本单位使用Ⅴ类放射源，已取得辐射安全许可证。", None),
])
def test_site_vocabulary_next_to_precise_coordinates(text, expected):
    sites = [f for f in find(text_document([text]), [], CONFIG) if f.entity_type == "SENSITIVE_SITE"]
    assert [dict(f.details)["recommend"] for f in sites] == ([expected] if expected else [])


def test_many_precise_points_without_a_site_are_reported_for_review_only():
    rows = [["点位", "经度", "纬度"]] + [[f"点{i}", f"121.{4000 + i}", f"31.{2000 + i}"] for i in range(12)]
    (census,) = [f for f in find(grid_document(rows), [], CONFIG) if f.category == "aggregation"]
    assert census.entity_type == "COORDINATES" and "recommend" not in dict(census.details)
    assert dict(census.details)["suggested_action"].endswith("2位")


def test_every_aggregation_finding_carries_count_rows_action_and_legal_basis():
    documents = [grid_document(vehicle_rows()), grid_document(radioactive_rows(), caption="放射源台账")]
    for document in documents:
        for f in find(document, [], CONFIG):
            if f.category != "aggregation" or f.rule_id == "aggregation.site_coordinate":
                continue  # value-level findings (one coordinate) carry no rows
            details = dict(f.details)
            assert {"count", "rows", "suggested_action", "legal_basis_keys"} <= set(details), f.rule_id
            assert f.legal_basis and f.explanation


def test_cost_grows_linearly_with_rows():
    def cost(n):
        document = grid_document(vehicle_rows(n, {i: "张伟" for i in range(1, n, 7)}))
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            find(document, [], CONFIG)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = cost(200), cost(2000)
    assert large < small * 25  # quadratic work would cost about 100x


def test_the_rules_file_loads_and_cites_known_legal_bases():
    from review.aggregation_rules import citations, load_rules

    rules = load_rules(DEFAULT_RULES_DIR)
    keys = {*rules.density_legal_basis, *rules.k_legal_basis, *rules.small_cell_legal_basis,
            *rules.coordinate_legal_basis, *rules.ledger_legal_basis,
            *(k for v in rules.site_legal_basis.values() for k in v)}
    assert len(citations(DEFAULT_RULES_DIR, sorted(keys))) == len(keys)
    assert {k.name for k in rules.site_kinds} >= {"radioactive_source", "drinking_water", "hazardous_waste",
                                                   "nuclear_facility"}


@pytest.mark.parametrize("path,value,message", [
    (("k_anonymity", "k"), "three", "k_anonymity.k"),
    (("sites", "kinds", "drinking_water", "with_precise_coordinates"), "secret", "public, targeted, none"),
    (("sites", "kinds", "radioactive_source", "requires"), ["isotopes"], "unknown vocabulary"),
    (("record_density", "per_table"), None, "record_density.per_table"),
    (("sites", "kinds", "drinking_water", "examples"), None, "sites.kinds.drinking_water.examples"),
    (("sites", "kinds", "drinking_water", "examples"), {"match": ["取水口位于东经121.4737°"]}, "no_match"),
])
def test_a_bad_rules_file_names_the_field(path, value, message):
    import copy

    import yaml

    from review.aggregation_rules import parse
    from review.errors import RulePackError

    data = copy.deepcopy(yaml.safe_load((DEFAULT_RULES_DIR / "aggregation.yaml").read_text(encoding="utf-8")))
    node = data
    for key in path[:-1]:
        node = node[key]
    if value is None:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    with pytest.raises(RulePackError, match=message.replace(".", r"\.")):
        parse("aggregation.yaml", data)


def as_text(rows, caption=None) -> str:
    return "\n".join(([caption] if caption else []) + ["\t".join(r) for r in rows])


def test_through_the_pipeline_a_radioactive_source_list_is_not_disclosed():
    from review import review_text

    report = review_text(as_text(radioactive_rows(), "放射源台账"), config=CONFIG)
    assert report.recommendation.mode == "none"
    assert any(r.mode == "none" and "aggregation.sensitive_site.radioactive_source" in r.rule_ids
               for r in report.recommendation.reasons)


def test_through_the_pipeline_a_coarse_station_list_raises_nothing_aggregate():
    from review import review_text

    rows = [["序号", "站点名称", "所在区", "经度", "纬度"]]
    rows += [[str(i), f"第{i}空气自动监测站", "黄浦区", f"121.{40 + i}", f"31.{20 + i}"] for i in range(1, 16)]
    report = review_text(as_text(rows, "2024年空气质量监测站点一览"), config=CONFIG)
    assert not [f for f in report.findings if f.category == "aggregation"]
    assert report.recommendation.mode == "public"


def test_pdf_like_lines_without_line_numbers_form_a_table():
    pieces = [(line, Location(layer="page", page=1)) for line in
              ["序号  姓名  身份证号", *[f"{i}  张{c}  11010519491231{i:03d}X" for i, c in enumerate("伟芳娜洋杰敏静丽强磊", 1)]]]
    document = Document.build("d.pdf", "pdf", pieces, "0")
    (density,) = by_rule(find(document, [], CONFIG), "aggregation.record_density.table")
    assert rows_of(density) == set(range(2, 12))  # positions in the table: the header is row 1


@pytest.mark.parametrize("lines,expected", [
    (["当事人张某某，身份证号3101**********1234。", "张某某（身份证号310101********12**）"], [10]),
    (["当事人张某某，身份证号3101**********1234。", "张某某（身份证号3101**********1234）"], []),
    (["当事人张某某，身份证号3101**********1234。", "李某某（身份证号310101********12**）"], []),
    (["联系人王某，手机138****1234。", "联系人王某，手机1381234****。"], []),  # no common anchor: a known limit
])
def test_one_identifier_masked_two_ways_in_one_draft(lines, expected):
    found = by_rule(find(text_document(lines), [], CONFIG), "aggregation.mask_recombination")
    assert [int(dict(f.details)["count"]) for f in found] == expected
    assert all(f.location.line == 2 and dict(f.details)["scope"] == "document" for f in found)


def test_every_setting_of_the_rules_file_is_documented():
    import yaml

    data = yaml.safe_load((DEFAULT_RULES_DIR / "aggregation.yaml").read_text(encoding="utf-8"))
    doc = (DEFAULT_RULES_DIR.parent / "docs" / "aggregation.md").read_text(encoding="utf-8")
    for section, value in data.items():
        assert section in doc, section
        for key in value if isinstance(value, dict) and section not in ("column_headers",) else ():
            if section == "sites" and key == "kinds":
                continue
            assert key in doc, f"{section}.{key}"
