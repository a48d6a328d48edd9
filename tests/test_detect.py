"""The detection pipeline: offsets back into Document.text, tables, languages, chunks, linear cost."""
from __future__ import annotations

import time

import pytest

from review import review_text, text_document
from review.config import Config
from review.detect import Chunk, merge_overlaps, recognize
from review.model import Document, Finding, Location
from review.rulepack import load_rulepack

CONFIG = Config()
PACK = load_rulepack(CONFIG.rules_dir)


def found(document: Document) -> list[Finding]:
    return recognize(document, PACK, CONFIG)


def test_offsets_index_the_document_text():
    doc = text_document("第一行没有个人信息。\n投诉人：李秀英，手机13764128593。\n\n邮箱 li.xy@example.com")
    for f in found(doc):
        assert doc.text[f.start:f.end] == f.text
        assert doc.segment_at(f.start).location == f.location
    assert {"PERSON", "CN_MOBILE", "EMAIL_ADDRESS"} <= {f.entity_type for f in found(doc)}


def _table(rows) -> Document:
    pieces = [(text, Location(layer="table", part="word/document.xml", table=1, row=r, column=c))
              for r, row in enumerate(rows, start=1) for c, text in enumerate(row, start=1)]
    return Document.build("t.docx", "docx", pieces, "0" * 64)


def test_a_table_column_header_makes_a_cell_a_name():
    doc = _table([["序号", "车主", "号牌号码"], ["1", "杨春梅", "沪C2Q715"], ["2", "上海顺迅物流有限公司", "沪B73926"]])
    by_text = {f.text: f for f in found(doc)}
    assert by_text["杨春梅"].entity_type == "PERSON"
    assert dict(by_text["杨春梅"].details)["how"] == "header"
    assert by_text["杨春梅"].location.row == 2


def test_text_tables_with_pipes_are_read_cell_by_cell():
    doc = text_document("序号 | 姓名 | 住址\n1 | 杭建平 | 上海市松江区泗泾镇泗通路98弄3号201室")
    by_text = {f.text: f for f in found(doc)}
    assert by_text["杭建平"].entity_type == "PERSON"
    assert by_text["上海市松江区泗泾镇泗通路98弄3号201室"].entity_type == "ADDRESS"


def test_hidden_layers_are_analysed_too():
    doc = Document.build("d.docx", "docx", [("正文。", Location()),
                                             ("手机13651972840", Location(layer="tracked_deletion"))], "0" * 64)
    assert [f.location.layer for f in found(doc)] == ["tracked_deletion"]


def test_a_chinese_document_with_an_english_paragraph_gets_both_engines():
    doc = text_document("投诉人：李秀英，手机13764128593。\nEnglish summary: Dear Mr. Thomas Weber, thank you.")
    by_text = {f.text: f for f in found(doc)}
    assert by_text["李秀英"].rule_id == "personal.person_name"
    assert by_text["Thomas Weber"].rule_id == "personal.person_name_en"


def test_chunked_analysis_gives_the_same_findings_as_segment_by_segment():
    lines = ["当事人：张建国，男，1978年3月12日出生", "公民身份号码：310104197803122315",
             "住址：上海市浦东新区周浦镇年家浜路388弄6号502室", "经查，张建国于2024年5月18日露天焚烧电缆。"] * 3
    whole = [(f.start, f.end, f.rule_id) for f in found(text_document("\n".join(lines)))]
    chunk = Chunk()
    for segment in text_document("\n".join(lines)).segments:
        chunk.add(segment)
    assert chunk.text == "\n".join(lines)
    alone = []
    for segment in text_document("\n".join(lines)).segments:
        one = Document.build("x", "txt", [(segment.text, segment.location)], "0" * 64)
        alone += [(segment.offset + f.start, segment.offset + f.end, f.rule_id) for f in found(one)]
    assert set(alone) <= set(whole)


def test_merge_keeps_the_best_of_overlapping_findings():
    def finding(start, end, score):
        return Finding("r", "personal", "CN_MOBILE", start, end, "x" * (end - start), Location(), score, "high",
                       "redact")
    kept = merge_overlaps([finding(0, 11, 0.6), finding(0, 11, 1.0), finding(5, 20, 0.5), finding(30, 35, 0.4)])
    assert [(f.start, f.end, f.score) for f in kept] == [(0, 11, 1.0), (30, 35, 0.4)]


def _costs(texts, rounds: int = 5) -> list[float]:
    """Best-of-`rounds` CPU time of recognize() for each text, interleaved (CPU time: other processes don't count)."""
    docs = [text_document(t) for t in texts]
    best = [float("inf")] * len(docs)
    for _ in range(rounds):
        for i, doc in enumerate(docs):
            start = time.process_time()
            recognize(doc, PACK, CONFIG)
            best[i] = min(best[i], time.process_time() - start)
    return best


def test_cost_grows_linearly_with_document_size():
    page = ("当事人：张建国，男，1978年3月12日出生，公民身份号码310104197803122315，"
            "住址：上海市浦东新区周浦镇年家浜路388弄6号502室，联系电话13916283475。\n"
            "经查，当事人于2024年5月18日在周浦镇露天焚烧废旧电线电缆约0.6吨，产生大量黑烟。\n"
            "以上事实有现场检查笔录、现场照片等证据为凭，违反了《中华人民共和国大气污染防治法》的规定。\n") * 60
    _costs([page, page * 10], rounds=1)  # warm up: engines, jieba, caches
    small, large = _costs([page, page * 10])
    assert large <= 12 * small


@pytest.mark.parametrize("text", ["身份证号码：110101199003074516", "公民身份号码110101199003074516，"])
def test_a_mistyped_id_that_passes_the_uscc_checksum_is_still_redacted(text):
    """1 in 31 mistyped IDs passes the credit-code checksum; labelled as an ID, it must not be kept."""
    found = [(f.entity_type, f.action) for f in review_text(text).findings]
    assert found == [("CN_ID_CARD", "redact")]
