"""Chinese addresses down to the level that identifies a home: road, lane, number, building, unit, room.

An address is anchored on its tail (路/街/村/小区 followed by 号/弄/栋/单元/室/组),
which official text rarely produces otherwise; its head is found by walking left
to punctuation and cutting after the cue that introduces it (住址：, 家住, 位于).
Which cue introduced it is kept so that roles can tell a home from a company's premises.
An address that stops at township/street level (上海市宝山区杨行镇) is not reported: that is
the level the masking convention publishes.
"""
from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

from review.lexicon import Lexicon, alternation

NUM = r"[0-9０-９一二三四五六七八九十百零〇]"
# The part that makes an address precise enough to find a door.
UNIT = r"(?:支弄|弄|号楼|号院|号|栋|幢|座|单元|楼|层|室|户|组|队)"
# A villager group may be named by direction instead of a number (新叶村东组).
DETAIL = rf"(?:{NUM}{{1,5}}(?:[-－—]{NUM}{{1,5}})?[A-Za-z甲乙丙丁东西南北之附]?{UNIT}|(?<=村)[东西南北中前后]组)"
# Characters that end a road, an estate or a village right before the detail.
ROAD_END = "路街道巷弄里村庄屯园苑城厦楼寓区坊府墅湾舍居院场镇乡号队组社"
# A bracket after the number is part of the address (…号（东门）), unless it says whose home it is (（居民X家）).
TAIL = re.compile(rf"(?<=[{ROAD_END}])(?:{DETAIL})+(?:[（(](?![^）)]*(?:家|居民|村民|住户))[^）)]{{1,12}}[）)])?")
# Where the head of an address cannot reach past (punctuation, spaces, quotes).
STOP = set("，,。；;：:、（）()“”\"'《》【】[]　 \t\n!！?？")
MIN_HEAD = 3
MAX_HEAD = 40


class AddressRecognizer(LocalRecognizer):
    """Presidio recognizer for Chinese addresses (ADDRESS); the introducing cue goes into the metadata."""

    def __init__(self, rule, language: str, lexicon: Lexicon):
        super().__init__(supported_entities=[rule.entity], supported_language=language, name=rule.id)
        self.rule, self.lexicon = rule, lexicon
        cues = (lexicon.words("home_address_cues") + lexicon.words("company_address_cues")
                + lexicon.words("neutral_address_cues"))
        # The last cue (or function word) inside the head: the address starts after it.
        self.cut = re.compile(rf"(?:{alternation(cues)}|为|是|在|于|至|到|系|址)")
        self.cues = cues

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text, entities, nlp_artifacts=None):
        """Addresses in one segment, as presidio results."""
        header = getattr(nlp_artifacts, "header", "")
        results = []
        for m in TAIL.finditer(text):
            start, cue = self._head(text, m.start())
            if m.start() - start >= MIN_HEAD:
                cue = cue or self._header_cue(header)
                results.append(self._result(start, m.end(), cue))
        return results

    def _head(self, text: str, tail_start: int) -> tuple[int, str]:
        """Start of the address ending at tail_start, and the cue right before it ('' if none)."""
        start, limit = tail_start, max(0, tail_start - MAX_HEAD)
        while start > limit and text[start - 1] not in STOP:
            start -= 1
        head = text[start:tail_start]
        cut = None
        for m in self.cut.finditer(head):
            if m.end() < len(head):
                cut = m
        if cut is not None:
            return start + cut.end(), self._cue_before(text, start + cut.end())
        return start, self._cue_before(text, start)

    def _cue_before(self, text: str, pos: int) -> str:
        """The address cue ending just before pos (skipping a colon), if any."""
        before = text[max(0, pos - 12):pos].rstrip("：: 为是（(")
        return next((c for c in sorted(self.cues, key=len, reverse=True) if before.endswith(c)), "")

    def _header_cue(self, header: str) -> str:
        return next((h for h in self.lexicon.words("address_headers") if h in header), "") if header else ""

    def _result(self, start: int, end: int, cue: str) -> RecognizerResult:
        explanation = AnalysisExplanation(self.name, 0.85, pattern_name="address_tail",
                                          textual_explanation=f"address after {cue or 'punctuation'}")
        meta = {RecognizerResult.RECOGNIZER_NAME_KEY: self.name, RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                "cue": cue}
        return RecognizerResult(self.rule.entity, start, end, 0.85, explanation, meta)
