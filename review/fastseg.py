"""jieba.posseg for short windows: the same (word, tag) answers, loaded in milliseconds and computed faster.

Names are read by jieba.posseg on windows of a few characters (review/names.py). Stock jieba
pays twice for that: about a second to load its whole dictionary (a 9 MB prefix table and a
350,000-line tag file) before the first window, and about a millisecond per window whose unknown
characters go through posseg's pure-Python HMM. Here:

- the dictionary is cut into shards by first character, written once to a cache file built from
  jieba's own tables, and a shard is read only when a window starting with that character needs
  it (a window only ever looks up fragments that start inside it);
- the HMM pass (Viterbi) is vectorised with numpy: the same IEEE additions in the same order,
  ties broken the same way (highest score, then highest state), and cached per character run.

The cut itself follows jieba.posseg.POSTokenizer step by step (jieba is MIT-licensed); tests
compare it with jieba.posseg.cut. jieba's global tokenizer is left untouched.
"""
from __future__ import annotations

import marshal
import os
import re
import tempfile
import threading
from functools import lru_cache
from math import log
from pathlib import Path

import numpy as np

CACHE_FORMAT = 1
HMM_CACHE = 32768
MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi's floor for an unseen emission
RE_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
RE_SKIP_DETAIL = re.compile(r"([\.0-9]+|[a-zA-Z0-9]+)")
RE_HAN_INTERNAL = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
RE_SKIP_INTERNAL = re.compile("(\r\n|\\s)")
RE_ENG = re.compile("[a-zA-Z0-9]+")
RE_NUM = re.compile(r"[\.0-9]+")


# --- the dictionary, in shards by first character -----------------------------------------------

def _dictionary_tables() -> tuple[dict, int, dict, tuple]:
    """jieba's prefix table, total, tag table and posseg HMM, exactly as jieba builds them (slow)."""
    import logging

    import jieba
    import jieba.posseg as posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    hmm = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
    return jieba.dt.FREQ, jieba.dt.total, posseg.dt.word_tag_tab, hmm


def _shard_file_bytes() -> bytes:
    """The cache file: header (format, total, HMM, shard index) then one marshalled (freq, tags) per char."""
    freq, total, tags, hmm = _dictionary_tables()
    shards: dict[str, tuple[dict, dict]] = {}
    for word, count in freq.items():
        shards.setdefault(word[0], ({}, {}))[0][word] = count
    for word, tag in tags.items():
        if word:
            shards.setdefault(word[0], ({}, {}))[1][word] = tag
    blobs, index, offset = [], {}, 0
    for char, shard in shards.items():
        blob = marshal.dumps(shard)
        index[char] = (offset, len(blob))
        blobs.append(blob)
        offset += len(blob)
    header = marshal.dumps((CACHE_FORMAT, total, hmm, index))
    return len(header).to_bytes(8, "little") + header + b"".join(blobs)


def cache_path() -> Path:
    """Where the shard file lives: $PREPUB_REVIEW_CACHE, else the user's cache directory, keyed by jieba's files."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    source = Path(spec.origin).parent / "dict.txt"
    stamp = f"{source.stat().st_size}-{int(source.stat().st_mtime)}"
    base = os.environ.get("PREPUB_REVIEW_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "prepub-review" / f"jieba-shards-v{CACHE_FORMAT}-{stamp}.bin"


def _load_bytes() -> bytes:
    """The shard file's bytes: read from the cache, or built and saved (falls back to memory only)."""
    path = cache_path()
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = _shard_file_bytes()
    for directory in (path.parent, Path(tempfile.gettempdir()) / "prepub-review"):
        try:
            directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=directory)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, directory / path.name)
            break
        except OSError:
            continue  # a read-only home: try the temp directory, else keep it in memory only
    return data


class ShardedDictionary:
    """jieba's FREQ and word_tag_tab, read shard by shard (by first character) on first use."""

    def __init__(self, data: bytes):
        size = int.from_bytes(data[:8], "little")
        fmt, self.total, self.hmm, self._index = marshal.loads(data[8:8 + size])
        if fmt != CACHE_FORMAT:
            raise ValueError("shard cache format")
        self._data, self._base, self._shards = data, 8 + size, {}
        self._lock = threading.Lock()

    def shard(self, char: str) -> tuple[dict, dict]:
        """(freq, tags) of the words starting with `char`."""
        shard = self._shards.get(char)
        if shard is None:
            where = self._index.get(char)
            shard = ({}, {}) if where is None else marshal.loads(
                self._data[self._base + where[0]:self._base + where[0] + where[1]])
            with self._lock:
                self._shards[char] = shard
        return shard

    def freq(self, fragment: str):
        """jieba's FREQ.get(fragment): a count, 0 for a prefix only, None when unknown."""
        return self.shard(fragment[0])[0].get(fragment) if fragment else None

    def tag(self, word: str, default: str = "x") -> str:
        """posseg's word_tag_tab.get(word, default)."""
        return self.shard(word[0])[1].get(word, default) if word else default


@lru_cache(maxsize=1)
def dictionary() -> ShardedDictionary:
    """The process's sharded dictionary (the cache file is built on the very first use only)."""
    return ShardedDictionary(_load_bytes())


# --- the HMM for unknown words (jieba.posseg.viterbi, vectorised) ---------------------------------

@lru_cache(maxsize=1)
def _model():
    """posseg's HMM as dense arrays: states in ascending order, transitions with -inf where absent."""
    char_states, start, trans_p, emit = dictionary().hmm
    states = sorted(trans_p)
    index = {s: i for i, s in enumerate(states)}
    trans = np.full((len(states), len(states)), float("-inf"))
    reach = np.zeros((len(states), len(states)), dtype=bool)  # which transitions exist (posseg's keys)
    for a, row in trans_p.items():
        for b, p in row.items():
            trans[index[a], index[b]] = p
            reach[index[a], index[b]] = True
    has_next = reach.any(axis=1)
    return states, index, trans, reach, has_next, char_states, start, emit


@lru_cache(maxsize=16384)
def _char(char: str):
    """For one character: its states in posseg's order, a mask of them, and every state's emission score."""
    states, index, _, _, _, char_states, _, emit = _model()
    listed = np.array([index[s] for s in char_states.get(char, states)])
    allowed = np.zeros(len(states), dtype=bool)
    allowed[listed] = True
    return listed, allowed, np.array([emit[s].get(char, MIN_FLOAT) for s in states])


def viterbi(obs: str) -> tuple[float, list]:
    """The (log probability, state path) jieba.posseg.viterbi.viterbi gives `obs` with posseg's HMM."""
    states, index, trans, reach, has_next, _, start, _ = _model()
    first, _, emits = _char(obs[0])
    values = np.array([start[states[i]] for i in first.tolist()]) + emits[first]
    current, back = first, []
    for char in obs[1:]:
        keep = has_next[current]
        prev, prev_values = current[keep], values[keep]
        order = np.argsort(-prev, kind="stable")  # highest state first: argmax then breaks ties as max() does
        prev, prev_values = prev[order], prev_values[order]
        _, allowed, emits = _char(char)
        expected = reach[prev].any(axis=0)
        wanted = expected & allowed
        if not wanted.any():
            wanted = expected if expected.any() else np.ones(len(states), dtype=bool)
        ys = np.flatnonzero(wanted)
        scores = (prev_values[:, None] + trans[prev][:, ys]) + emits[ys][None, :]
        best = np.argmax(scores, axis=0)
        values, current = scores[best, np.arange(len(ys))], ys
        back.append(dict(zip(ys.tolist(), prev[best].tolist())))
    last = max(zip(values.tolist(), current.tolist()))
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


# --- the cut (jieba.Tokenizer.get_DAG / calc and POSTokenizer.__cut_internal / __cut_DAG) ----------

def _route(sentence: str, d: ShardedDictionary) -> dict:
    """jieba's best path through the word graph of a block (Tokenizer.get_DAG then calc)."""
    n, dag = len(sentence), {}
    for k in range(n):
        ends, i, frag = [], k, sentence[k]
        count = d.freq(frag)
        while i < n and count is not None:
            if count:
                ends.append(i)
            i += 1
            frag = sentence[k:i + 1]
            count = d.freq(frag)
        dag[k] = ends or [k]
    route, logtotal = {n: (0, 0)}, log(d.total)
    for idx in range(n - 1, -1, -1):
        route[idx] = max((log(d.freq(sentence[idx:x + 1]) or 1) - logtotal + route[x + 1][0], x) for x in dag[idx])
    return route


def _detail(buf: str):
    """POSTokenizer.__cut_detail: HMM over Han runs, numbers and Latin words tagged m / eng / x."""
    for blk in RE_HAN_DETAIL.split(buf):
        if RE_HAN_DETAIL.match(blk):
            yield from hmm_pairs(blk)
        else:
            for x in RE_SKIP_DETAIL.split(blk):
                if x:
                    yield (x, "m") if RE_NUM.match(x) else (x, "eng") if RE_ENG.match(x) else (x, "x")


def _flush(buf: str, d: ShardedDictionary):
    """What __cut_DAG yields for a run of single characters."""
    if len(buf) == 1:
        yield buf, d.tag(buf)
    elif not d.freq(buf):
        yield from _detail(buf)
    else:
        for elem in buf:
            yield elem, d.tag(elem)


def _cut_block(sentence: str, d: ShardedDictionary):
    """POSTokenizer.__cut_DAG (HMM on) for one block of Han, Latin and digits."""
    route, x, buf, n = _route(sentence, d), 0, "", len(sentence)
    while x < n:
        y = route[x][1] + 1
        word = sentence[x:y]
        if y - x == 1:
            buf += word
        else:
            if buf:
                yield from _flush(buf, d)
                buf = ""
            yield word, d.tag(word)
        x = y
    if buf:
        yield from _flush(buf, d)


def cut(sentence: str) -> list[tuple[str, str]]:
    """(word, tag) pairs, as [(p.word, p.flag) for p in jieba.posseg.cut(sentence)] gives them."""
    d, out = dictionary(), []
    for blk in RE_HAN_INTERNAL.split(sentence):
        if RE_HAN_INTERNAL.match(blk):
            out.extend(_cut_block(blk, d))
            continue
        for x in RE_SKIP_INTERNAL.split(blk):
            if RE_SKIP_INTERNAL.match(x):
                out.append((x, "x"))
            else:
                out.extend((xx, "m") if RE_NUM.match(xx) else (xx, "eng") if RE_ENG.match(x) else (xx, "x")
                           for xx in x)
    return out
