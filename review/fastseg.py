"""jieba.posseg with the same answers, faster: a vectorised HMM (Viterbi) pass and a cache of its results.

Names are read by jieba.posseg on windows of a few characters (review/names.py). A window that
holds an unknown name goes through posseg's HMM, whose pure-Python Viterbi loop over ~250
states costs about a millisecond a call: the single largest cost of the detection stage. This
module computes the very same path with numpy (the same IEEE additions in the same order, ties
broken the same way: highest score, then highest state) and caches it per character run, since
a name is usually mentioned more than once. Only our own tokenizer instance uses it; jieba's
global one (used by anyone else in the process) is left untouched.
"""
from __future__ import annotations

import logging
from functools import lru_cache

import numpy as np

HMM_CACHE = 32768


@lru_cache(maxsize=1)
def _model():
    """posseg's HMM as dense arrays: states in ascending order, transitions with -inf where absent."""
    from jieba.posseg import char_state_tab_P, start_P, trans_P

    states = sorted(trans_P)
    index = {s: i for i, s in enumerate(states)}
    trans = np.full((len(states), len(states)), float("-inf"))
    for a, row in trans_P.items():
        for b, p in row.items():
            trans[index[a], index[b]] = p
    has_next = np.array([len(trans_P[s]) > 0 for s in states])
    nexts = [frozenset(index[b] for b in trans_P[s]) for s in states]
    return states, index, trans, has_next, nexts, char_state_tab_P, start_P


def viterbi(obs: str) -> tuple[float, list]:
    """The (log probability, state path) jieba.posseg.viterbi.viterbi returns for `obs` with posseg's HMM."""
    from jieba.posseg import emit_P as emit
    from jieba.posseg.viterbi import MIN_FLOAT

    states, index, trans, has_next, nexts, char_states, start = _model()
    first = [index[s] for s in char_states.get(obs[0], states)]
    values = np.array([start[states[i]] + emit[states[i]].get(obs[0], MIN_FLOAT) for i in first])
    current, back = np.array(first), []
    for char in obs[1:]:
        prev = current[has_next[current]]
        prev_values = values[has_next[current]]
        order = np.argsort(-prev)  # highest state first: argmax then breaks ties as max() over tuples does
        prev, prev_values = prev[order], prev_values[order]
        expected = set().union(*(nexts[i] for i in prev)) if len(prev) else set()
        wanted = {index[s] for s in char_states.get(char, states)} & expected or expected or set(range(len(states)))
        ys = np.array(sorted(wanted))
        emits = np.array([emit[states[y]].get(char, MIN_FLOAT) for y in ys])
        scores = (prev_values[:, None] + trans[np.ix_(prev, ys)]) + emits[None, :]
        best = np.argmax(scores, axis=0)
        values, current = scores[best, np.arange(len(ys))], ys
        back.append(dict(zip(ys.tolist(), prev[best].tolist())))
    last = max(zip(values.tolist(), current.tolist()), key=lambda vs: (vs[0], vs[1]))
    route, state = [None] * len(obs), last[1]
    for t in range(len(obs) - 1, -1, -1):
        route[t] = states[state]
        state = back[t - 1][state] if t else None
    return last[0], route


@lru_cache(maxsize=HMM_CACHE)
def hmm_pairs(sentence: str) -> tuple[tuple[str, str], ...]:
    """(word, tag) pairs posseg's HMM cut gives a run of Han characters (POSTokenizer.__cut)."""
    _, route = viterbi(sentence)
    out, begin, nexti = [], 0, 0
    for i, char in enumerate(sentence):
        pos, tag = route[i]
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append((sentence[begin:i + 1], tag))
            nexti = i + 1
        elif pos == "S":
            out.append((char, tag))
            nexti = i + 1
    if nexti < len(sentence):
        out.append((sentence[nexti:], route[nexti][1]))
    return tuple(out)


@lru_cache(maxsize=1)
def tokenizer():
    """A jieba POSTokenizer sharing jieba's dictionary, whose HMM step is the one above."""
    import jieba
    import jieba.posseg as posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()

    class WindowPOSTokenizer(posseg.POSTokenizer):
        """POSTokenizer whose HMM cut (name-mangled __cut) is the vectorised, cached one."""

        def __init__(self, base):  # share the loaded dictionary and tag table: no second load
            self.tokenizer, self.word_tag_tab = base.tokenizer, base.word_tag_tab

        def _POSTokenizer__cut(self, sentence):
            for word, tag in hmm_pairs(sentence):
                yield posseg.pair(word, tag)

    return WindowPOSTokenizer(posseg.dt)
