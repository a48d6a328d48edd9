"""English person names from cues, since no English NER model may be downloaded.

Mr/Ms/Dr + capitalised words, "Name: ..." labels, the line after a closing
("Sincerely," then "John Smith"), and the local part of an e-mail address
(john.smith@...) which names a person that may be mentioned elsewhere.
"""
from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

from review.lexicon import Lexicon, alternation

WORD = r"(?:[A-Z]'[A-Z][a-z]+|[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
NAME = rf"{WORD}(?:\s+(?:[A-Z]\.\s*)?{WORD}){{0,2}}"
EMAIL_NAME = re.compile(r"(?<![\w.])([A-Za-z]{2,})[._]([A-Za-z]{2,})@")
# A private person's name in apposition after who they are ("the party's son, Chai Ziyang (16)",
# "the truck driver, Zhu Delong,"): two or three capitalised words, no title needed.
APPOSITION = re.compile(rf"\b(?P<cue>son|daughter|wife|husband|mother|father|brother|sister|neighbou?r|landlord|"
                        rf"landlady|tenant|farmer|driver|resident|villager|complainant|informant|witness|worker|"
                        rf"owner|operator)(?:,\s*|\s+)(?P<name>{WORD}\s+{WORD}(?:\s+{WORD})?)(?=\s*[,(.;]|\s+(?:was|is|had|has|said|told))")


class EnglishNameRecognizer(LocalRecognizer):
    """Presidio recognizer for English person names (PERSON) found from cues."""

    def __init__(self, rule, language: str, lexicon: Lexicon):
        super().__init__(supported_entities=[rule.entity], supported_language=language, name=rule.id)
        self.rule, self.lexicon = rule, lexicon
        titles = alternation(lexicon.words("en_titles"))
        labels = alternation(lexicon.words("en_label_cues"))
        closings = alternation(lexicon.words("en_closings"))
        self.title = re.compile(rf"\b(?P<cue>{titles})\.?\s+(?P<name>{NAME})")
        self.label = re.compile(rf"\b(?P<cue>{labels})\s*[:：]\s*(?:(?:{titles})\.?\s+)?(?P<name>{NAME})")
        self.closing = re.compile(rf"^\s*(?:{closings}),?\s*$", re.IGNORECASE)
        self.whole = re.compile(rf"^\s*(?P<name>{NAME})\s*,?\s*$")
        self.deny = frozenset(lexicon.words("en_name_deny"))

    def load(self) -> None:
        """Nothing to load."""

    def analyze(self, text, entities, nlp_artifacts=None):
        """Names in one segment, as presidio results."""
        found = []
        for regex, role in ((self.title, "private_person"), (self.label, "private_person"), (APPOSITION, "private_person")):
            for m in regex.finditer(text):
                found.append((m.start("name"), m.end("name"), m.group("cue"), role))
        prev = getattr(nlp_artifacts, "prev_text", "")
        m = self.whole.match(text)
        if m and prev and self.closing.match(prev):
            # The signature under a reply is the official who answers for the bureau.
            found.append((m.start("name"), m.end("name"), "signature", "official"))
        return [self._result(*f) for f in found if self._plausible(text[f[0]:f[1]])]

    def _plausible(self, name: str) -> bool:
        words = re.findall(r"[A-Za-z]+", name)
        return bool(words) and not any(w in self.deny for w in words)

    def _result(self, start: int, end: int, cue: str, role: str) -> RecognizerResult:
        explanation = AnalysisExplanation(self.name, 0.85, pattern_name="cue", textual_explanation=f"name after {cue}")
        meta = {RecognizerResult.RECOGNIZER_NAME_KEY: self.name, RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                "cue": cue, "role": role, "masked": False, "how": "cue"}
        return RecognizerResult(self.rule.entity, start, end, 0.85, explanation, meta)


def names_in_emails(text: str) -> list[str]:
    """'John Smith' for every first.last@ local part in a text (searched elsewhere in the document)."""
    return [f"{a.capitalize()} {b.capitalize()}" for a, b in EMAIL_NAME.findall(text)]
