"""review.fastseg gives exactly jieba.posseg's answers (it only loads and computes them faster)."""
from __future__ import annotations

import random

import pytest

from review import fastseg

jieba = pytest.importorskip("jieba")


@pytest.fixture(scope="module")
def stock():
    """jieba.posseg.cut as a list of (word, tag)."""
    import logging

    import jieba.posseg as posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return lambda text: [(p.word, p.flag) for p in posseg.cut(text)]


@pytest.mark.parametrize("text", [
    "郑然杰，性别：男", "高静杰信访事项的", "余桂兰、孙东，执", "魏国伟信访事项的", "何海军的上述行为",
    "杨行镇长寿路57", "当事人：张三", "联系人：环评处 孟凡超", "李某某", "欧阳建国驾驶沪A12345",
    "Hannah Keller, EHS", "2024年5月18日", "QQ 12345678", "  \t\n", "张", "a", "",
    "执法人员：王建国、李秀英，执法证号31010020",
])
def test_a_window_is_cut_as_jieba_posseg_cuts_it(text, stock):
    assert fastseg.cut(text) == stock(text)


def test_random_text_is_cut_as_jieba_posseg_cuts_it(stock):
    rng = random.Random(7)
    alphabet = ("王李张刘陈杨黄赵吴周建国华丽娟伟强军平红的了是在和与及某甲×，。、：；（）() \t0123456789.abXYZ+#&_-"
                + "".join(chr(rng.randrange(0x4E00, 0x9FD5)) for _ in range(300)))
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(300)]
    assert [t for t in texts if fastseg.cut(t) != stock(t)] == []


def test_the_hmm_path_and_score_are_jiebas():
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi

    rng = random.Random(3)
    common = "王李张刘陈杨黄赵吴周建国华丽娟伟强军平红秀英海燕静超桂兰晓东信访事项执法证号"
    runs = ["".join(rng.choice(common) for _ in range(rng.randint(1, 5))) for _ in range(150)]
    runs += ["".join(chr(rng.randrange(0x4E00, 0x9FD5)) for _ in range(rng.randint(1, 3))) for _ in range(20)]
    runs += ["高静杰", "郑然杰", "魏国伟", "何英晓", "余桂兰"]
    for run in runs:
        assert fastseg.viterbi(run) == viterbi(run, char_state_tab_P, start_P, trans_P, emit_P), run


def test_the_shard_cache_is_built_where_configured(tmp_path, monkeypatch, stock):
    monkeypatch.setenv("PREPUB_REVIEW_CACHE", str(tmp_path))
    path = fastseg.cache_path()
    assert path.parent.parent == tmp_path and not path.exists()
    built = fastseg.ShardedDictionary(fastseg._load_bytes())
    assert path.exists()
    again = fastseg.ShardedDictionary(fastseg._load_bytes())  # read back from the file
    for d in (built, again):
        assert d.total == jieba.dt.total
        assert d.freq("信访") == jieba.dt.FREQ["信访"] and d.freq("信") == jieba.dt.FREQ["信"]
        assert d.freq("不是一个词语吧") is None and d.tag("信访") == "v"
