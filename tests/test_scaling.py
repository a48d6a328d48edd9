"""The whole analysis grows linearly: a 10x longer draft costs at most ~12x (cost comparisons only).

Work that scans every finding for every finding (an owner look-up, "is a person named on this
line") or every row for every row is invisible on a two-page draft and takes minutes on an
archive; these tests catch it. CPU time, best of interleaved rounds, so a busy machine slows
both sizes alike.
"""
from __future__ import annotations

import gc
import random
import time

import pytest

from review import review_text
from review.config import Config

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
GIVEN = "建国明华丽娟伟强军平红梅志刚文杰秀英海燕静超桂兰玉晓东春生雪峰子涵浩然思远佳怡"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _block(rng: random.Random) -> str:
    """A penalty paragraph and a few vehicle rows: names, IDs, phones, addresses and plates near each other."""
    person, plates = _name(rng), [f"沪{rng.choice('ABCDEF')}{rng.choice('GHJKLM')}{rng.randint(1000, 9999)}"
                                  for _ in range(3)]
    rows = [f"{i}\t{plate}\t{_name(rng) if i % 2 else '上海申城物流有限公司'}\t139{rng.randint(10000000, 99999999)}"
            for i, plate in enumerate(plates, start=1)]
    return "\n".join([
        f"当事人：{person}，性别：男，联系电话：138{rng.randint(10000000, 99999999)}，"
        f"住址：上海市徐汇区田林街道宜山路{rng.randint(1, 999)}弄{rng.randint(1, 60)}号{rng.randint(101, 1804)}室。",
        f"经查，{person}驾驶的{plates[0]}号车辆排放超标。执法人员：{_name(rng)}、{_name(rng)}。",
        "序号\t号牌号码\t车主\t联系电话", *rows,
    ])


def draft(chars: int, seed: int = 5) -> str:
    """A deterministic draft of about `chars` characters, dense in personal data."""
    rng, parts, size = random.Random(seed), [], 0
    while size < chars:
        parts.append(_block(rng))
        size += len(parts[-1]) + 2
    return "\n\n".join(parts)


def _costs(texts, rounds: int = 3) -> list[float]:
    """Best-of-`rounds` CPU time of review_text for each text, measured interleaved."""
    best = [float("inf")] * len(texts)
    for _ in range(rounds):
        for i, text in enumerate(texts):
            gc.collect()  # the previous run's garbage is not this run's cost
            start = time.process_time()
            review_text(text, config=Config())
            best[i] = min(best[i], time.process_time() - start)
    return best


@pytest.mark.parametrize("small_chars", [15_000])
def test_ten_times_the_text_costs_at_most_twelve_times(small_chars):
    small, large = draft(small_chars), draft(10 * small_chars)
    review_text(draft(small_chars, seed=99))  # warm up engines and dictionary (another text: no cached windows)
    cost_small, cost_large = _costs([small, large])
    print(f"10x text: {cost_large / cost_small:.1f}x the cost")
    assert cost_large <= 12 * cost_small, f"10x text cost {cost_large / cost_small:.1f}x"


def test_the_draft_is_dense_in_what_later_stages_compare():
    found = review_text(draft(15_000)).findings
    kinds = {f.entity_type for f in found}
    assert {"PERSON", "CN_MOBILE", "CN_LICENSE_PLATE", "ADDRESS"} <= kinds
    assert len(found) > 15_000 / 100  # many findings: quadratic work among them would show
