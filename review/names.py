"""Chinese person names from what a reader uses: cues, titles, table headers, surnames, jieba on windows.

jieba's `nr` tag alone is poor on official text (it tags 申请人 as a name), so
a name is only proposed where a cheap pre-filter finds a reason (a role cue
before it, an official title before or after it, an honorific after it, a
column header above it, or a surname right after punctuation followed by a
verb), and jieba.posseg then decides where the name ends on a window of a few
characters. Masked names (王某, 李某某, 张×) are reported as masked (action none).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

from review.config import DEFAULT_RULES_DIR
from review.lexicon import Lexicon, alternation, load_lexicon
from review.nlp import posseg

HAN = r"\u4e00-\u9fff"
WINDOW = 8
# jieba tags that can never be (part of) a person's name.
NON_NAME_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv", "r", "m", "q", "f", "y", "e", "o",
                           "x", "ns", "nt", "t", "v", "vn", "zg"})
# A name standing after punctuation is proposed only when one of these follows it.
# What ends an organisation named between a cue and a name (联系人：环评处 孟凡超).
ORG_END = "有限公司|公司|处|科|办|办公室|局|中心|站|所|大队|支队|中队|厂"
BUREAU_END = re.compile(r"(?:处|科|办|办公室|局|大队|支队|中队)$")
# A name without a cue before it starts after punctuation, a space, or a preposition (关于李秀英信访件).
FREE_START = r"(?:^|(?<=[，。；：:、\s（(“”\d.])|(?<=[于对将与和及]))"
VERB_AFTER = "于|在|因|系|称|反映|表示|驾驶|等人|等|向|将|未|已|的|（|\\(|，|,|、|投诉|举报|及其|与"


def split_surname(name: str) -> tuple[str, str]:
    """(surname, given name) for a Chinese name; ('', name) when no known surname starts it."""
    return load_lexicon(DEFAULT_RULES_DIR).split_surname(name)


@dataclass(frozen=True)
class Candidate:
    """A proposed name: span, the cue that found it, the role it suggests, whether it is masked."""

    start: int
    end: int
    cue: str
    role: str
    masked: bool = False
    how: str = "cue"


@dataclass(frozen=True)
class NamePatterns:
    """The pre-filter regexes, compiled once per lexicon."""

    masked: re.Pattern
    cue: re.Pattern
    title_before: re.Pattern
    title_after: re.Pattern
    name_then: re.Pattern
    sex_after: re.Pattern
    salutation: re.Pattern
    honorific: re.Pattern
    after_punct: re.Pattern
    prefilter: re.Pattern
    stops: re.Pattern
    role_word: re.Pattern
    surname_honorific: re.Pattern

    @classmethod
    def of(cls, lexicon: Lexicon) -> "NamePatterns":
        """Compile the pre-filter for a lexicon."""
        sur = lexicon.surname_regex
        cues = alternation(lexicon.mapping("name_cues"))
        titles = alternation(lexicon.words("official_titles"))
        honor = alternation(lexicon.words("honorifics"))
        masked = rf"{sur}(?:某{{1,2}}[甲乙丙丁戊己庚辛]?|[×xXＸ＊*○〇]{{1,3}})"
        return cls(
            masked=re.compile(masked),
            cue=re.compile(rf"(?P<cue>{cues})(?:[（(]?(?:签字|签名|盖章)[）)]?)?(?:[（(][^）)\n]{{1,8}}[）)])?[：:\s]*"
                           rf"(?:为|是)?\s*(?:(?P<org>[^\s，。；：:、（）()]{{2,30}}?(?:{ORG_END}))[\s　]*)?(?={sur})"),
            title_before=re.compile(rf"(?P<cue>{titles})(?={sur})"),
            title_after=re.compile(rf"(?P<name>{sur}[{HAN}]{{1,2}})[（(]?(?P<cue>{titles})"),
            name_then=re.compile(rf"{FREE_START}(?P<name>{sur}[{HAN}]{{1,2}}?)(?P<cue>信访件|信访|来信|来访|来电|投诉|举报)"),
            salutation=re.compile(rf"(?m)^\s*(?P<name>{sur}[{HAN}]{{1,2}})[：:]\s*$"),
            sex_after=re.compile(rf"{FREE_START}(?P<name>{sur}[{HAN}]{{1,2}})(?=[，,]\s*[男女][，,])"),
            honorific=re.compile(rf"(?P<name>{sur}[{HAN}]{{0,2}}?)(?P<cue>{honor})"),
            after_punct=re.compile(rf"(?:^|(?<=[，。；：:、\s（(“]))(?={sur}[{HAN}]{{1,2}}(?:{VERB_AFTER}))"),
            prefilter=re.compile(rf"{cues}|{titles}|{honor}|{masked}|信访|来信|来访|来电|投诉|举报|[，,][男女][，,]|[：:]\s*$", re.MULTILINE),
            stops=re.compile(alternation(lexicon.words("name_stops"))),
            role_word=re.compile(f"{cues}|{titles}"),
            surname_honorific=re.compile(rf"(?P<name>{sur})(?:{honor})"),
        )


@lru_cache(maxsize=8)
def patterns_for(lexicon: Lexicon) -> NamePatterns:
    """Compiled patterns, cached per lexicon."""
    return NamePatterns.of(lexicon)


def _is_han(text: str) -> bool:
    return bool(text) and all("\u4e00" <= c <= "\u9fff" for c in text)


def _run_length(text: str, pos: int, lexicon: Lexicon) -> int | None:
    """Length of a name at pos decided by where it ends: punctuation, or a word that follows names."""
    run = re.match(rf"[{HAN}]{{1,6}}", text[pos:pos + 6])
    if not run:
        return None
    run = run.group()
    surname, _ = lexicon.split_surname(run)
    stops = patterns_for(lexicon).stops
    for k in (len(surname) + 1, len(surname) + 2):
        if k == len(run):
            return k
        if k < len(run) and stops.match(run, k):
            return k
    return None


def _jieba_length(text: str, pos: int, lexicon: Lexicon, strict: bool) -> int | None:
    """Length of a name at pos from jieba.posseg on a short window (surname and given name may be split)."""
    tokens = posseg(text[pos:pos + WINDOW])
    if not tokens:
        return None
    word, tag = tokens[0]
    surname, given = lexicon.split_surname(word)
    if surname and not given and len(tokens) > 1:
        nxt, nxt_tag = tokens[1]
        if _is_han(nxt) and len(nxt) <= 2 and nxt_tag not in NON_NAME_TAGS - {"v", "vn", "zg", "t", "ns"}:
            word, tag = word + nxt, (nxt_tag if nxt_tag.startswith("nr") else tag)
    if tag in ("ns", "nt") or (strict and not tag.startswith("nr")):
        return None
    return len(word)


def name_at(text: str, pos: int, lexicon: Lexicon, strict: bool = False) -> tuple[int, bool] | None:
    """(length, masked) of a name starting at text[pos]; None if no plausible name starts there.

    Where the name ends is read from the text first (punctuation, or a word such as 于/出席
    that follows names); jieba.posseg on a short window decides the rest.
    """
    pats = patterns_for(lexicon)
    m = pats.masked.match(text, pos) or pats.surname_honorific.match(text, pos)
    if m:
        return m.end() - pos, True
    length = None if strict else _run_length(text, pos, lexicon)
    if length is None:
        length = _jieba_length(text, pos, lexicon, strict)
    if length is None:
        return None
    word = text[pos:pos + length]
    surname, given = lexicon.split_surname(word)
    if not surname or not 1 <= len(given) <= 2 or not _is_han(word) or word in lexicon.words("name_deny"):
        return None
    if any(c in lexicon.given_deny for c in given) or patterns_for(lexicon).role_word.match(text, pos):
        return None  # 当事人应在收到..., 安全员姜涛: a function word or a role word, not a name
    return length, False


class ChineseNameRecognizer(LocalRecognizer):
    """Presidio recognizer for Chinese person names (PERSON), with the cue and suggested role as metadata."""

    def __init__(self, rule, language: str, lexicon: Lexicon):
        super().__init__(supported_entities=[rule.entity], supported_language=language, name=rule.id)
        self.rule, self.lexicon = rule, lexicon

    def load(self) -> None:
        """Nothing to load (jieba starts lazily on first use)."""

    def analyze(self, text, entities, nlp_artifacts=None):
        """Name candidates in one segment, as presidio results."""
        header = getattr(nlp_artifacts, "header", "")
        if getattr(nlp_artifacts, "layer", "") == "metadata":
            return [self._result(c) for c in self._author(text)]
        found = list(self._header_cell(text, header))
        pats = patterns_for(self.lexicon)
        if pats.prefilter.search(text) or pats.after_punct.search(text):
            found += self._cued(text) + self._titled(text) + self._honorific(text)
            found += self._masked(text) + self._after_punct(text)
        return [self._result(c) for c in _dedupe(found)]

    def _header_cell(self, text: str, header: str):
        """Names filling a cell under a name column (姓名, 车主, 参会人员), one or several."""
        roles = self.lexicon.mapping("header_cues")
        cue = next((h for h in sorted(roles, key=len, reverse=True) if h in header), None) if header else None
        if not cue:
            return []
        value = text.strip()
        if not value or value[0] not in self.lexicon.single_surnames and not self.lexicon.split_surname(value)[0]:
            return []
        return self._run(text, text.index(value), cue, roles[cue], "header")

    def _author(self, text: str) -> list[Candidate]:
        """A document property holding a name (author, last modified by): usually the drafting official."""
        value = text.strip()
        hit = name_at(value, 0, self.lexicon) if value else None
        if hit and not hit[1] and hit[0] == len(value):
            start = text.index(value)
            return [Candidate(start, start + len(value), "文档属性", "official", False, "metadata")]
        return []

    def _cued(self, text: str) -> list[Candidate]:
        roles, out = self.lexicon.mapping("name_cues"), []
        weak = set(self.lexicon.words("weak_name_cues"))
        for m in patterns_for(self.lexicon).cue.finditer(text):
            if m.group("cue") in weak and not re.search(r"[：:\s]", text[m.end("cue"):m.end()]):
                continue  # 记录和报告 is not "记录：和报告"
            role, org = roles[m.group("cue")], m.group("org")
            if org:
                role = "official" if BUREAU_END.search(org) else "company_contact"
            out += self._run(text, m.end(), m.group("cue"), role, "cue")
        return out

    def _run(self, text: str, pos: int, cue: str, role: str, how: str) -> list[Candidate]:
        """A name at pos and any names listed after it (张三、李四和王五)."""
        out = []
        while pos < len(text):
            hit = name_at(text, pos, self.lexicon)
            if hit is None:
                break
            out.append(Candidate(pos, pos + hit[0], cue, role, hit[1], how))
            pos += hit[0]
            aside = re.match(r"[（(]([^）)]{0,30})[）)]", text[pos:pos + 32])
            if aside:
                inner = name_at(aside.group(1), 0, self.lexicon)
                if inner and not inner[1] and inner[0] == len(aside.group(1)):
                    out.append(Candidate(pos + 1, pos + 1 + inner[0], cue, role, False, how))
                pos += aside.end()
            sep = re.match(r"[、和及与]|[\s　]+|，(?=\S{2,3}[、，])", text[pos:pos + 3])
            if not sep:
                break
            pos += sep.end()
        return out

    def _titled(self, text: str) -> list[Candidate]:
        out = []
        pats = patterns_for(self.lexicon)
        for m in pats.title_before.finditer(text):
            out += self._run(text, m.end(), m.group("cue"), "official", "title")
        for m in pats.name_then.finditer(text):
            hit = name_at(text, m.start("name"), self.lexicon)
            if hit and not hit[1] and hit[0] == len(m.group("name")):
                role = "informant" if m.group("cue") == "举报" else "complainant"
                out.append(Candidate(m.start("name"), m.start("name") + hit[0], m.group("cue"), role, False, "title"))
        for m in pats.salutation.finditer(text):  # "施永根：" alone on a line: the addressee of a notice
            hit = name_at(text, m.start("name"), self.lexicon)
            if hit and not hit[1] and hit[0] == len(m.group("name")):
                out.append(Candidate(m.start("name"), m.end("name"), "称呼", "party", False, "title"))
        for m in pats.sex_after.finditer(text):
            hit = name_at(text, m.start("name"), self.lexicon)
            if hit and not hit[1] and hit[0] == len(m.group("name")):
                out.append(Candidate(m.start("name"), m.start("name") + hit[0], "性别", "private_person", False, "title"))
        for m in pats.title_after.finditer(text):
            hit = name_at(text, m.start(), self.lexicon)
            if hit and not hit[1] and hit[0] == len(m.group("name")):
                out.append(Candidate(m.start(), m.start() + hit[0], m.group("cue"), "official", False, "title"))
        return out

    def _honorific(self, text: str) -> list[Candidate]:
        out = []
        for m in patterns_for(self.lexicon).honorific.finditer(text):
            name, cue = m.group("name"), m.group("cue")
            if len(name) == len(self.lexicon.split_surname(name)[0]):
                out.append(Candidate(m.start(), m.end("name"), cue, "masked", True, "honorific"))
                continue
            hit = name_at(text, m.start(), self.lexicon)
            if hit and hit[0] == len(name):
                out.append(Candidate(m.start(), m.start() + hit[0], cue, "private_person", hit[1], "honorific"))
        return out

    def _masked(self, text: str) -> list[Candidate]:
        return [Candidate(m.start(), m.end(), "", "masked", True, "masked")
                for m in patterns_for(self.lexicon).masked.finditer(text)]

    def _after_punct(self, text: str) -> list[Candidate]:
        out = []
        for m in patterns_for(self.lexicon).after_punct.finditer(text):
            hit = name_at(text, m.start(), self.lexicon, strict=True)
            if hit and not hit[1]:
                out.append(Candidate(m.start(), m.start() + hit[0], "", "private_person", False, "surname"))
        return out

    def _result(self, c: Candidate) -> RecognizerResult:
        score = 0.5 if c.how == "surname" else 0.85
        explanation = AnalysisExplanation(self.name, score, pattern_name=c.how,
                                          textual_explanation=f"name found by {c.how} {c.cue}".strip())
        meta = {RecognizerResult.RECOGNIZER_NAME_KEY: self.name, RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                "cue": c.cue, "role": c.role, "masked": c.masked, "how": c.how}
        return RecognizerResult(self.rule.entity, c.start, c.end, score, explanation, meta)


def _dedupe(found: list[Candidate]) -> list[Candidate]:
    """One candidate per span start: a cue beats a title, a title beats an honorific or a bare surname."""
    rank = {"metadata": 0, "header": 0, "cue": 1, "title": 2, "honorific": 3, "masked": 4, "surname": 5}
    best: dict[int, Candidate] = {}
    for c in sorted(found, key=lambda c: rank[c.how]):
        if not any(b.start < c.end and c.start < b.end for b in best.values()):
            best[c.start] = c
    return sorted(best.values(), key=lambda c: c.start)
