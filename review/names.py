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
from review.names_free import PLACE_END, free_names, free_patterns, glued
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
# Jobs that are the bureau's own staff when listed in a roster of its team (驾驶员 伏明 after 组长, 组员).
TEAM_JOBS = frozenset({"驾驶员", "驾驶人"})
# A bracket after a contact's name that says whose relative or representative the person is.
PRIVATE_ASIDE = re.compile(r"[：:\s]*[\u4e00-\u9fff]{2,4}[（(][^）)]{0,8}?(?P<who>投诉人|信访人|举报人|来电人|反映人|申请人|"
                           r"当事人|家属|亲属|之女|之子|之妻|之夫|儿子|女儿|丈夫|妻子|父亲|母亲|邻居|本人|村民|居民|市民|业主)[^）)]{0,6}[）)]")
COMPANY_WORD = re.compile(r"公司|单位|厂|企业|集团|建设单位|环评单位")
# After a label (监测人员：, 组员 ) comes a colon or a space, or the name itself.
LABEL_GAP = re.compile(r"[：:\s　]|$")
# How far back (characters) the clause of a name without a cue is read for a role word.
CLAUSE = 40
# An office of a public body right before a name (局办公室 尹倩, 执法大队 柏文清): its staff.
OFFICE_BEFORE = re.compile(r"(?:局|科|处|办公室|大队|支队|中队|总队|监测站|执法队|管理所|街道办事处|人民政府)[ 　]?$")


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
            title_before=re.compile(rf"(?P<cue>{titles})[ 　]?(?={sur})"),
            # 王建国局长, 杜永刚（副镇长）, 仉振宇（执法大队大队长）: an office may stand before the title
            title_after=re.compile(rf"(?P<name>{sur}[{HAN}]{{1,2}})(?:[（(][^）)\n，,]{{0,10}}?)?(?P<cue>{titles})"),
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
def clause_cues(lexicon: Lexicon) -> re.Pattern:
    """Any word that tells a role: name cues, official titles, person nouns."""
    words = tuple(lexicon.mapping("name_cues")) + lexicon.words("official_titles") + lexicon.words("person_nouns")
    return re.compile(alternation(words))


@lru_cache(maxsize=8)
def clause_cues_end(lexicon: Lexicon) -> re.Pattern:
    """A role word or person noun ending the searched text."""
    return re.compile(f"(?:{clause_cues(lexicon).pattern})$")


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
            rest = tokens[2] if len(tokens) > 2 else ("", "x")
            if len(surname) == 2 and len(nxt) == 1 and len(rest[0]) == 1 and _is_han(rest[0]) and \
                    rest[0] not in lexicon.given_deny and rest[1] not in NON_NAME_TAGS - {"v", "zg"}:
                word += rest[0]  # 上官/婉/清: a compound surname's two-character given name comes in pieces
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
    if free_patterns(lexicon).place.match(text, pos + length) or given[-1] in PLACE_END:
        return None  # 马陆镇, 李家村: a place
    if glued(word, surname):
        return None  # 执法人员连夜开展: an ordinary word (连夜) that starts with a surname character
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
        if pats.prefilter.search(text):
            found += self._cued(text) + self._titled(text) + self._honorific(text) + self._masked(text)
        found += self._free(text)
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
            return [Candidate(start, start + len(value), "文档属性", "document_author", False, "metadata")]
        return []

    def _cued(self, text: str) -> list[Candidate]:
        roles, out = self.lexicon.mapping("name_cues"), []
        weak = set(self.lexicon.words("weak_name_cues"))
        for m in patterns_for(self.lexicon).cue.finditer(text):
            if m.group("cue") in weak and not re.search(r"[：:\s]", text[m.end("cue"):m.end()]):
                continue  # 记录和报告 is not "记录：和报告"
            role, org = roles[m.group("cue")], m.group("org")
            if org and name_at(text, m.start("org"), self.lexicon):
                org = None  # 当事人韩立春自2023年起租用该厂房: a name, not an organisation ending in 厂
            if org:
                role = "official" if BUREAU_END.search(org) else "company_contact"
            elif role == "company_contact":
                role = self._contact_owner(text, m.start(), m.end())
            elif m.group("cue") in TEAM_JOBS and self._roster(text, m.start(), m.end("cue")):
                role = "official"  # 组长 郎建国（副局长），组员 …；驾驶员 伏明: the bureau's own team
            out += self._run(text, m.end() if m.group("org") is None or org else m.start("org"),
                             m.group("cue"), role, "cue")
        return out

    def _roster(self, text: str, cue_start: int, cue_end: int) -> bool:
        """A roster of the bureau's team: the cue is a label (a space or colon follows) in a sentence with an official."""
        if not LABEL_GAP.match(text, cue_end) or cue_end >= len(text) or text[cue_end] not in "：: 　":
            return False
        sentence = re.split(r"[。\n]", text[max(0, cue_start - 80):cue_start])[-1]
        official = set(self.lexicon.words("official_titles")) | {
            w for w, r in self.lexicon.mapping("name_cues").items() if r == "official"}
        return any(m.group() in official for m in clause_cues(self.lexicon).finditer(sentence))

    def _contact_owner(self, text: str, cue_start: int, cue_end: int) -> str:
        """Whose contact a 联系人 is: a complainant's (投诉人：陈先生，联系人：…, 联系人：X（投诉人之女）), else a company's."""
        aside = PRIVATE_ASIDE.match(text, cue_end)
        if aside:
            return "complainant" if aside.group("who") in ("投诉人", "信访人", "来电人", "反映人") else "private_person"
        line = text[text.rfind("\n", 0, cue_start) + 1:cue_start]
        last = None
        for m in clause_cues(self.lexicon).finditer(line):
            last = m
        role = self.lexicon.mapping("name_cues").get(last.group()) if last else None
        if role in ("complainant", "informant", "applicant_person") and not COMPANY_WORD.search(line[last.end():]):
            return role
        return "company_contact"

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
            inside = next((k for k in range(1, len(name)) if self._word_ends(text, m.start() + k)), None)
            if inside is not None:  # 退休教师周阿姨: the name starts after the noun 教师, not at its 师
                name = name[inside:]
                if self.lexicon.split_surname(name)[0] != name:
                    continue
                out.append(Candidate(m.start() + inside, m.end("name"), cue, "masked", True, "honorific"))
                continue
            if len(name) == len(self.lexicon.split_surname(name)[0]):
                out.append(Candidate(m.start(), m.end("name"), cue, "masked", True, "honorific"))
                continue
            hit = name_at(text, m.start(), self.lexicon)
            if hit and hit[0] == len(name):
                role = "official" if cue == "同志" else "private_person"  # 王建国同志: a cadre, in official text
                out.append(Candidate(m.start(), m.start() + hit[0], cue, role, hit[1], "honorific"))
        return out

    def _word_ends(self, text: str, pos: int) -> bool:
        """A role word or person noun ends at pos (教师|周阿姨)."""
        return bool(clause_cues_end(self.lexicon).search(text[max(0, pos - 6):pos]))

    def _masked(self, text: str) -> list[Candidate]:
        return [Candidate(m.start(), m.end(), "", "masked", True, "masked")
                for m in patterns_for(self.lexicon).masked.finditer(text)]

    def _free(self, text: str) -> list[Candidate]:
        """Names no cue introduces (约谈周国华, 住户简立群、种海波等人): see review/names_free.py."""
        out: list[Candidate] = []
        for n in free_names(text, self.lexicon, patterns_for(self.lexicon).masked):
            if out and n.start - out[-1].end <= 1:
                cue, role = out[-1].cue, out[-1].role  # 车铭、宓丹: a list shares the role of its first name
            else:
                cue, role = self._clause_role(text, n.start)
            out.append(Candidate(n.start, n.end, cue, role, False, "surname"))
        return out

    def _clause_role(self, text: str, start: int) -> tuple[str, str]:
        """(cue, role) for a name without its own cue: an office right before it, else the clause's last cue.

        辐射科 汪洋, 区环境监测站 车铭: staff of an office act in office. 监测人员：淳于佳、龙腾: the
        label of the clause covers every name in it. A clause ends at 。；or a line break.
        """
        clause = re.split(r"[。；;\n]", text[max(0, start - CLAUSE):start])[-1]
        if OFFICE_BEFORE.search(clause):
            return OFFICE_BEFORE.search(clause).group().strip(), "official"
        last = None
        for m in clause_cues(self.lexicon).finditer(clause):
            last = m
        if last is None or not LABEL_GAP.match(clause, last.end()):
            return "", "private_person"  # 承办人已按您留下的电话…与您本人（卞雪梅）: not a label of the name
        word = last.group()
        role = self.lexicon.mapping("name_cues").get(word) or (
            "official" if word in self.lexicon.words("official_titles") else "private_person")
        return (word, role) if role != "company_contact" else ("", "private_person")  # 联系人信息：X（...）

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
