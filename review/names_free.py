"""Names without a role cue: what stands left and right of a surname, weighed with jieba on a small window.

Chinese official text names private persons in apposition (同楼住户简立群, 叉车司机么建军),
after verbs (约谈周国华, 向戚立伟送达), in 、-lists, and before a verb of saying or a bracket
(柏秀琴陈述, 么建军（外包人员）). None of these has a role cue, and jieba's `nr` tag misses
rare surnames (简立/v 群/n, 种/m 海波/n). So a candidate (a known surname followed by one or
two Han characters) collects evidence:

- left: a person noun (住户, 司机, 学徒) 2, a verb or preposition that takes a person (约谈, 向) 1,
  punctuation or the start of a line 0, the previous name of a list 2;
- right: a verb of saying or doing that follows names (称, 反映, 等人, 在) 2, a bracket or another
  verb 1, punctuation 0; anything else rejects the candidate;
- jieba tags the candidate as a person name: 2; the surname is also a common function word
  (和, 于, 向): -1.

A candidate is accepted at 2 or more. It is rejected outright when the surname and the next
character form an ordinary dictionary word (方式, 周边, 高温), when a place or organisation
suffix follows (李家村, 金桥镇), or when the given name is a common noun or a role word.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from review.lexicon import Lexicon, alternation
from review.nlp import posseg

HAN = r"\u4e00-\u9fff"
HAN_CHAR = re.compile(f"[{HAN}]")
HAN_RUN = re.compile(f"[{HAN}]+")
WINDOW = 8
ACCEPT = 2
# Punctuation (and the start of a line) after which a sentence or a list item starts.
PUNCT = "，。；：:、！？!?“”‘’\"《》（）()\n\t 　|｜"
# A dictionary word this frequent, not tagged as a name, is not a surname + given name (方式, 周边).
COMMON_WORD = 50
# A given name that is this frequent a dictionary word is a noun, not a given name (车辆, 企业).
COMMON_GIVEN = 1500
NAME_TAGS = ("nr", "ns")  # given names are often tagged as places by jieba (建国, 卫国)
# What follows a name, besides the lexicon's words: a count of persons (三人, 2名), a bracket.
COUNT_AFTER = re.compile(r"[一二两三四五六七八九十\d]{1,2}(?:人|名|位)|一行|夫妇|父子|母子|母女|父女|兄弟|姐妹")
LIST_SEP = re.compile(r"[、和及与]|，(?=[^，。\n]{2,3}[、，等])")
VERB_TAGS = ("v", "d", "p", "ad")
SAYS = frozenset("称说讲")
FUNCTION_TAGS = frozenset({"c", "p", "u", "uj", "ul", "r", "d", "y", "m", "q"})
# Function characters that are never part of a given name, even where jieba tags a name.
NEVER_GIVEN = frozenset("在于的了和与及等将对从到被把也都就这那其所而或但该应当即均须需已未某")
# A "given name" ending in one of these is a place (金桥镇, 杨浦区), whatever jieba tags it.
PLACE_END = frozenset("镇乡村路街巷弄区县市省州")


@dataclass(frozen=True)
class FreeName:
    """A name found without a cue: span and the evidence score that accepted it."""

    start: int
    end: int
    score: int


@dataclass(frozen=True)
class FreePatterns:
    """Compiled pieces of the free-name finder, once per lexicon."""

    start: re.Pattern
    nouns: re.Pattern
    leads: re.Pattern
    follow: re.Pattern
    place: re.Pattern
    stop_given: frozenset
    ambiguous: frozenset

    @classmethod
    def of(cls, lexicon: Lexicon) -> "FreePatterns":
        """Compile for a lexicon: candidate starts are a surname after punctuation, a lead word or a person noun."""
        nouns = lexicon.words("person_nouns")
        leads = lexicon.words("name_lead_words")
        behind = [f"(?<=[{re.escape(PUNCT)}])", "^"]
        for words in (nouns, leads):
            by_len: dict[int, list[str]] = {}
            for w in words:
                by_len.setdefault(len(w), []).append(w)
            behind += [f"(?<={alternation(ws)})" for ws in by_len.values()]
        follow = alternation(tuple(lexicon.words("name_stops")) + tuple(lexicon.words("name_followers")))
        stop_given = frozenset(nouns) | frozenset(lexicon.mapping("name_cues")) | frozenset(
            lexicon.words("honorifics")) | frozenset(lexicon.words("official_titles"))
        return cls(
            # the look-ahead first: the look-behinds are only tried where a surname starts
            start=re.compile(rf"(?={lexicon.surname_regex}[{HAN}])(?:{'|'.join(behind)})", re.MULTILINE),
            nouns=re.compile(rf"(?:{alternation(nouns)})$"),
            leads=re.compile(rf"(?:{alternation(leads)})$"),
            follow=re.compile(follow),
            place=re.compile(alternation(lexicon.words("place_suffixes"))),
            stop_given=stop_given,
            ambiguous=frozenset("".join(lexicon.words("ambiguous_surnames"))),
        )


@lru_cache(maxsize=8)
def free_patterns(lexicon: Lexicon) -> FreePatterns:
    """Compiled patterns, cached per lexicon."""
    return FreePatterns.of(lexicon)


@lru_cache(maxsize=16384)
def dictionary_word(word: str) -> tuple[int, str]:
    """(frequency, tag) of a word in jieba's dictionary; (0, 'x') when it is not a word."""
    from review.fastseg import dictionary

    d = dictionary()
    return d.freq(word) or 0, d.tag(word)


def _left_score(text: str, pos: int, pats: FreePatterns) -> int:
    before = text[max(0, pos - 6):pos]
    if pats.nouns.search(before):
        return 2
    if pats.leads.search(before):
        return 1
    return 0


def _right_score(text: str, end: int, pats: FreePatterns) -> int | None:
    """2 for a word that follows names, 1 for a bracket or a verb, 0 for punctuation; None: not a name end."""
    if end >= len(text) or text[end] in PUNCT and text[end] not in "（(":
        return 0
    word = pats.follow.match(text, end)
    if word:
        return 2 if len(word.group()) > 1 or word.group() in SAYS else 1  # 于/的/在 follow many words
    if COUNT_AFTER.match(text, end):
        return 2
    if text[end] in "（(":
        return 1
    if not HAN_CHAR.match(text[end]):
        return None
    tokens = posseg(text[end:end + 4])
    return 1 if tokens and tokens[0][1].startswith(VERB_TAGS) and len(tokens[0][0]) > 1 else None


def glued(word: str, surname: str) -> bool:
    """The surname and what follows form an ordinary word (方式, 高温下), not a name."""
    for k in range(len(surname) + 1, len(word) + 1):
        freq, tag = dictionary_word(word[:k])
        if freq >= COMMON_WORD and not tag.startswith(NAME_TAGS):
            return True
    return False


def _mid_word(text: str, pos: int) -> bool:
    """The character before pos and the one at pos form an ordinary word: pos is not where a word starts."""
    freq, tag = dictionary_word(text[pos - 1:pos + 1]) if pos else (0, "x")
    return freq >= COMMON_WORD and not tag.startswith(NAME_TAGS)


def _plausible_given(given: str, lexicon: Lexicon, pats: FreePatterns, named: bool) -> bool:
    """A given name: Han, no function character, not a role word, not a common noun (unless jieba says name)."""
    if not 1 <= len(given) <= 2 or not HAN_RUN.fullmatch(given) or given[-1] in PLACE_END:
        return False
    deny = NEVER_GIVEN if named else lexicon.given_deny  # 郑若曦, 王可欣: jieba's name tag lets 若, 可 through
    if any(c in deny for c in given) or given in pats.stop_given:
        return False
    if len(given) == 2 and not named:
        freq, tag = dictionary_word(given)
        return freq < COMMON_GIVEN or tag.startswith(NAME_TAGS)
    return True


def _jieba_name(text: str, pos: int, length: int, surname: str) -> bool:
    """jieba reads text[pos:pos+length] as a person name (surname and given name may come split)."""
    tokens = posseg(text[pos:pos + WINDOW])
    if not tokens:
        return False
    word, tag = tokens[0]
    if word == surname and len(tokens) > 1 and len(word) + len(tokens[1][0]) == length:
        # 和/c 陈述/nr: a conjunction before a word jieba mistakes for a name is not a surname
        return tag.startswith("nr") or tokens[1][1].startswith("nr") and tag not in FUNCTION_TAGS
    return len(word) == length and tag.startswith("nr")


def _score(text: str, pos: int, length: int, left: int, lexicon: Lexicon, pats: FreePatterns) -> int | None:
    """Evidence that text[pos:pos+length] is a name (None: rejected outright)."""
    word = text[pos:pos + length]
    surname, given = lexicon.split_surname(word)
    # Every check that does not need jieba runs first (most candidates fail one): jieba is the costly step.
    if not surname or not _plausible_given(given, lexicon, pats, True) or word in lexicon.words("name_deny"):
        return None
    if word in pats.stop_given:
        return None  # 孙女, 司机: a role word that starts with a surname character
    if pats.place.match(text, pos + length) or glued(word, surname):
        return None
    right = _right_score(text, pos + length, pats)
    if right is None:
        return None
    named = _jieba_name(text, pos, length, surname)
    if not named and not _plausible_given(given, lexicon, pats, named):
        return None
    if surname in pats.ambiguous and left < 2 and right < 2:
        return None  # 经明沟直接排入: 明 is rarely a surname without a person noun before or a verb of saying after
    score = left + right + (2 if named else 0)
    # 和小兵称: a surname that is also a function word needs more, unless a person noun stands before it
    return score - (1 if surname in pats.ambiguous and left < 2 else 0)


def _best(text: str, pos: int, left: int, lexicon: Lexicon, pats: FreePatterns) -> FreeName | None:
    """The best-supported length of a name starting at pos (surname + one or two characters)."""
    surname, _ = lexicon.split_surname(text[pos:pos + 4])
    best = None
    for length in (len(surname) + 2, len(surname) + 1):
        score = _score(text, pos, length, left, lexicon, pats)
        if score is not None and score >= ACCEPT and (best is None or score > best.score):
            best = FreeName(pos, pos + length, score)
    return best


def free_names(text: str, lexicon: Lexicon, masked: re.Pattern) -> list[FreeName]:
    """Names in text that no cue introduces, each with the evidence score that accepted it."""
    pats, out, pos_done = free_patterns(lexicon), [], -1
    for m in pats.start.finditer(text):
        pos = m.start()
        if pos < pos_done or masked.match(text, pos):
            continue
        left = _left_score(text, pos, pats)
        if left and _mid_word(text, pos):
            continue  # 确保安全平稳: 保安 is not a noun here, and 全 is inside the word 安全
        name = _best(text, pos, left, lexicon, pats)
        while name is not None:
            out.append(name)
            pos_done = name.end
            sep = LIST_SEP.match(text, name.end)
            name = _best(text, sep.end(), 2, lexicon, pats) if sep else None
    return out
