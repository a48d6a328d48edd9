"""review.unitcache reuses a unit's findings only when the text and every fact read are the same."""
from __future__ import annotations

import pytest

from review import review_text
from review.model import Finding, Location, Segment
from review.nlp import SegmentNlpEngine
from review.unitcache import UnitCache

HIDDEN = 10 ** 9


class Engines:
    nlp = SegmentNlpEngine()


def unit(text: str, offset: int, row: int) -> Segment:
    return Segment(text, Location(layer="table", table=1, row=row, column=2), offset)


def facts(header="车主", prev="", index=50, layer="table"):
    return {"layer": layer, "header": header, "prev_text": prev, "index": index}


def runner(reads, calls):
    """A stand-in for one presidio call: reads some facts, finds the whole unit text."""
    def run(artifacts):
        calls.append(tuple(getattr(artifacts, name) for name in reads))
        u = artifacts.unit
        return [Finding(rule_id="r", category="personal", entity_type="PERSON", start=u.offset, end=u.end,
                        text=u.text, location=u.location, score=0.9, severity="high", action="redact")]
    return run


def analyse(cache, u, values, run):
    def bound(artifacts):
        artifacts.unit = u
        return run(artifacts)
    return cache.analyse(Engines, u, "zh", values, bound)


@pytest.mark.parametrize("reads, second, reused", [
    (("header",), facts(), True),                       # same text, same facts
    (("header",), facts(prev="沪A12345"), True),         # a fact nobody read differs
    (("header",), facts(header="备注"), False),          # a fact that was read differs
    (("index",), facts(index=500), True),               # both past every rule's first lines
    (("index",), facts(index=3), False),                # within the first lines: compared with them
    (("index",), facts(index=HIDDEN), False),           # a hidden segment keeps its own index
])
def test_a_unit_reuses_findings_only_with_the_same_facts(reads, second, reused):
    cache, calls = UnitCache(first_lines=20, hidden_index=HIDDEN), []
    run = runner(reads, calls)
    first = analyse(cache, unit("张建国", 100, 2), facts(), run)
    again = analyse(cache, unit("张建国", 300, 7), second, run)
    assert len(calls) == (1 if reused else 2)
    assert (again[0].start, again[0].end, again[0].location.row) == (300, 303, 7)
    assert first[0].start == 100


def test_a_table_with_repeated_cells_gets_the_same_findings_as_without_the_cache(monkeypatch):
    rows = ["序号\t号牌号码\t车主\t联系电话"]
    rows += [f"{i}\t沪A{1000 + i}\t{'王建国' if i % 3 else '上海申城物流有限公司'}\t1391234{5000 + i}" for i in range(1, 13)]
    text = "上海市生态环境局\n" + "\n".join(rows)
    cached = review_text(text).findings
    monkeypatch.setattr(UnitCache, "analyse",
                        lambda self, engines, u, language, values, run: run(plain_artifacts(engines, language, values)))
    assert review_text(text).findings == cached
    assert sum(f.text == "王建国" for f in cached) >= 2


def plain_artifacts(engines, language, values):
    """Plain artifacts (no cache)."""
    from review.nlp import SegmentArtifacts

    return SegmentArtifacts(engines.nlp, language, **values)
