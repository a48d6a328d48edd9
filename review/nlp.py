"""Presidio wiring: one AnalyzerEngine per language, built once per process and rules directory.

Nothing here downloads: the NLP engine does no model work at all (recognizers
that need words run jieba on small windows themselves, see review/names.py),
context is a window of characters (presidio's lemma enhancer does not see
inside Chinese compounds), and the e-mail recognizer's tldextract uses its
bundled suffix list instead of fetching one.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional

from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

from review.errors import RulePackError
from review.lexicon import Lexicon, alternation, load_lexicon
from review.rulepack import Rule, load_rulepack
from review.validators import VALIDATORS

LANGUAGES = ("zh", "en")
PHONE_GATE = re.compile(r"\d(?:[\d\s().-]{5,})\d")
# "GB 8978-1996" is a standard, not a phone number.
STANDARD_NUMBER = re.compile(r"(?:GB|GB/T|HJ|ISO|DB\d*|JJF|JJG)\s*$")
log = logging.getLogger(__name__)


# --- jieba: initialised once, quietly, only when a recognizer first needs it -------------------

@lru_cache(maxsize=8192)
def posseg(window: str) -> tuple[tuple[str, str], ...]:
    """(word, tag) pairs of a short window of Chinese text (jieba.posseg; cached)."""
    from review.fastseg import cut  # jieba.posseg's answers, without its 1-2 s dictionary load, HMM vectorised

    return tuple(cut(window))


# --- the NLP engine: per-segment facts, no model ------------------------------------------------

class SegmentArtifacts(NlpArtifacts):
    """NLP artifacts that carry what recognizers need to know about the segment, not tokens."""

    def __init__(self, engine, language: str, *, layer: str = "body", header: str = "",
                 prev_text: str = "", index: int = 0):
        super().__init__(entities=[], tokens=[], tokens_indices=[], lemmas=[], nlp_engine=engine,
                         language=language, scores=[])
        self.layer, self.header, self.prev_text, self.index = layer, header, prev_text, index


class SegmentNlpEngine(NlpEngine):
    """A presidio NlpEngine that does no full-text NLP pass (jieba runs on windows only)."""

    def __init__(self, languages=LANGUAGES):
        self.languages = tuple(languages)

    def load(self) -> None:
        """Nothing to load: no model."""

    def is_loaded(self) -> bool:
        """Always loaded."""
        return True

    def process_text(self, text: str, language: str) -> SegmentArtifacts:
        """Artifacts with default segment facts (detect.py passes its own)."""
        return SegmentArtifacts(self, language)

    def process_batch(self, texts, language, batch_size=1, n_process=1, **kwargs):
        """Artifacts for each text."""
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        """No stop words: context words are matched by window, not by lemma."""
        return False

    def is_punct(self, word: str, language: str) -> bool:
        """Whether a token is punctuation."""
        return bool(word) and not any(c.isalnum() for c in word)

    def get_supported_entities(self) -> list[str]:
        """No NER entities."""
        return []

    def get_supported_languages(self) -> list[str]:
        """The configured languages."""
        return list(self.languages)


# --- context by character window ----------------------------------------------------------------

@dataclass(frozen=True)
class ContextSpec:
    """Context words of a rule, compiled: window of characters each side, boost, required, negative."""

    words: re.Pattern | None
    window: int
    boost: float
    required: bool
    negative: re.Pattern | None
    negative_window: int

    @classmethod
    def of(cls, rule: Rule) -> "ContextSpec":
        """The spec of a rule's context and negative_context."""
        words = re.compile(alternation(rule.context_words), re.IGNORECASE) if rule.context_words else None
        negative = re.compile(alternation(rule.negative_words), re.IGNORECASE) if rule.negative_words else None
        return cls(words, rule.context_window, rule.context_boost, rule.context_required, negative,
                   rule.negative_window)


def window_word(pattern: re.Pattern | None, text: str, start: int, end: int, window: int,
                header: str = "") -> str | None:
    """A word of `pattern` within `window` characters of text[start:end] or in the column header."""
    if pattern is None:
        return None
    before = text[max(0, start - window):start].rsplit("\n", 1)[-1]
    after = text[end:end + window].split("\n", 1)[0]
    for piece in (before, after, header):
        m = pattern.search(piece)
        if m:
            return m.group()
    return None


class WindowContextEnhancer(ContextAwareEnhancer):
    """Raise, require or veto results by words within a character window (and the column header)."""

    def __init__(self):
        super().__init__(context_similarity_factor=0.25, min_score_with_context_similarity=0.0,
                         context_prefix_count=0, context_suffix_count=0)
        self._specs = ((), (), {})  # (ids, recognizers kept alive so ids stay theirs, specs) of the last call

    def _specs_of(self, recognizers) -> dict:
        """Context specs by recognizer id; the engine passes the same recognizers on every call (one per cell)."""
        ids = tuple(map(id, recognizers))
        last = self._specs
        if last[0] != ids:
            last = self._specs = (ids, tuple(recognizers),
                                  {r.id: getattr(r, "context_spec", None) for r in recognizers})
        return last[2]

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        """Apply each result's rule context; vetoed results get score 0 (dropped by the engine)."""
        specs = self._specs_of(recognizers)
        header = getattr(nlp_artifacts, "header", "")
        for result in raw_results:
            spec = specs.get(result.recognition_metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            if spec is not None:
                self._apply(spec, text, result, header)
        return raw_results

    @staticmethod
    def _apply(spec: ContextSpec, text: str, result: RecognizerResult, header: str) -> None:
        if window_word(spec.negative, text, result.start, result.end, spec.negative_window):
            result.score = 0.0
            return
        word = window_word(spec.words, text, result.start, result.end, spec.window, header)
        explanation = result.analysis_explanation
        if word:
            result.score = min(1.0, result.score + spec.boost)
            if explanation is not None:
                explanation.set_supportive_context_word(word)
                explanation.set_improved_score(result.score)
        elif spec.required:
            result.score = 0.0


# --- rule recognizers -----------------------------------------------------------------------------

def in_scope(rule: Rule, artifacts) -> bool:
    """Whether a rule applies to the segment described by the artifacts (layer, first lines)."""
    if artifacts is None:
        return True
    if rule.scope_layers and getattr(artifacts, "layer", "body") not in rule.scope_layers:
        return False
    first = rule.scope_first_lines
    return first is None or getattr(artifacts, "index", 0) < first


class RuleRecognizer(PatternRecognizer):
    """A pattern rule of the rule pack as a presidio recognizer (validators are tri-state)."""

    def __init__(self, rule: Rule, language: str):
        patterns = [Pattern(p.name, p.regex, p.score) for p in rule.patterns]
        super().__init__(supported_entity=rule.entity, name=rule.id, supported_language=language,
                         patterns=patterns, context=list(rule.context_words), global_regex_flags=0)
        self.rule = rule
        self.context_spec = ContextSpec.of(rule)

    def validate_result(self, pattern_text: str) -> Optional[bool]:
        """The rule's validator from review/validators.py (None when the rule has none)."""
        return VALIDATORS[self.rule.validator](pattern_text) if self.rule.validator else None

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        """Matches of the rule's compiled patterns, scored by the validator."""
        rule, spec = self.rule, self.context_spec
        if not in_scope(rule, nlp_artifacts) or (rule.trigger is not None and not rule.trigger.search(text)):
            return []
        if spec.required and not (spec.words.search(text) or spec.words.search(getattr(nlp_artifacts, "header", ""))):
            return []  # cheap gate: a context-required rule cannot fire without one of its words
        results = []
        for pattern in rule.patterns:
            for m in pattern.compiled.finditer(text):
                result = self._result(pattern, m)
                if result is not None:
                    results.append(result)
        return results

    def _result(self, pattern, m) -> RecognizerResult | None:
        if m.end() == m.start():
            return None
        verdict = self.validate_result(m.group())
        score = pattern.score
        if verdict is True:
            score = 1.0
        elif verdict is False:
            if self.rule.invalid_score is None:
                return None
            score = float(self.rule.invalid_score)
        explanation = self.build_regex_explanation(self.name, pattern.name, pattern.regex, score, verdict, 0)
        return RecognizerResult(self.rule.entity, m.start(), m.end(), score, explanation,
                                {RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                 RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})


# --- predefined and built-in recognizers named by `recognizer:` in a rule ---------------------------

@lru_cache(maxsize=1)
def offline_tld_extractor():
    """tldextract with its bundled suffix list: never fetches, never writes a cache."""
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def _email(rule: Rule, language: str, lexicon: Lexicon):
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    class OfflineEmailRecognizer(EmailRecognizer):
        def validate_result(self, pattern_text):
            return offline_tld_extractor()(pattern_text).fqdn != ""

    return OfflineEmailRecognizer(supported_language=language, supported_entity=rule.entity, name=rule.id)


def _phone(rule: Rule, language: str, lexicon: Lexicon):
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer

    class GatedPhoneRecognizer(PhoneRecognizer):
        def analyze(self, text, entities, nlp_artifacts=None):
            # phonenumbers' matcher is slow; a phone number needs at least 7 digits close together
            if not PHONE_GATE.search(text):
                return []
            return [r for r in super().analyze(text, entities, nlp_artifacts)
                    if not STANDARD_NUMBER.search(text[max(0, r.start - 8):r.start])]

    return GatedPhoneRecognizer(supported_language=language, supported_entity=rule.entity, name=rule.id,
                                supported_regions=("CN", "US", "GB", "HK", "SG"))


def _simple(class_name: str):
    def build(rule: Rule, language: str, lexicon: Lexicon):
        import presidio_analyzer.predefined_recognizers as predefined

        return getattr(predefined, class_name)(supported_language=language, supported_entity=rule.entity,
                                               name=rule.id)
    return build


def _names(rule: Rule, language: str, lexicon: Lexicon):
    from review.names import ChineseNameRecognizer

    return ChineseNameRecognizer(rule, language, lexicon)


def _en_names(rule: Rule, language: str, lexicon: Lexicon):
    from review.names_en import EnglishNameRecognizer

    return EnglishNameRecognizer(rule, language, lexicon)


def _addresses(rule: Rule, language: str, lexicon: Lexicon):
    from review.addresses import AddressRecognizer

    return AddressRecognizer(rule, language, lexicon)


RECOGNIZERS: dict[str, Callable] = {
    "presidio.email": _email,
    "presidio.phone": _phone,
    "presidio.credit_card": _simple("CreditCardRecognizer"),
    "presidio.ip": _simple("IpRecognizer"),
    "presidio.us_ssn": _simple("UsSsnRecognizer"),
    "cn_person_name": _names,
    "en_person_name": _en_names,
    "cn_address": _addresses,
}


def build_recognizer(rule: Rule, language: str, lexicon: Lexicon):
    """The presidio recognizer for one rule in one language."""
    if rule.recognizer is None:
        return RuleRecognizer(rule, language)
    factory = RECOGNIZERS.get(rule.recognizer)
    if factory is None:
        raise RulePackError(rule.source, rule.id, "recognizer",
                            f"unknown recognizer {rule.recognizer!r}; known: {', '.join(sorted(RECOGNIZERS))}")
    recognizer = factory(rule, language, lexicon)
    recognizer.rule = rule
    if not isinstance(recognizer, RuleRecognizer) and not hasattr(recognizer, "context_spec"):
        recognizer.context_spec = ContextSpec.of(rule)
    return recognizer


# --- the engines ----------------------------------------------------------------------------------

class SegmentAnalyzerEngine(AnalyzerEngine):
    """AnalyzerEngine with per-call overheads removed: it is called once per segment, many times."""

    @lru_cache(maxsize=8)
    def get_supported_entities(self, language: Optional[str] = None) -> list[str]:
        """Entities of the (fixed) registry, computed once."""
        return super().get_supported_entities(language)

    def _enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        """Window context only (no per-recognizer pass: our recognizers put their context in the enhancer)."""
        if not raw_results:
            return raw_results
        return self.context_aware_enhancer.enhance_using_context(text, raw_results, nlp_artifacts, recognizers,
                                                                 context)


@dataclass(frozen=True)
class Engines:
    """One AnalyzerEngine per language, and the rule behind each recognizer id."""

    analyzers: dict
    nlp: SegmentNlpEngine
    rules_by_recognizer: dict

    def analyze(self, text: str, language: str, artifacts: SegmentArtifacts, min_score: float):
        """Presidio results for one segment in one language (explanations kept)."""
        return self.analyzers[language].analyze(text, language, nlp_artifacts=artifacts, score_threshold=min_score,
                                                return_decision_process=True)

    def rule_of(self, result: RecognizerResult) -> Rule:
        """The rule whose recognizer produced a result."""
        return self.rules_by_recognizer[result.recognition_metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY]]


@lru_cache(maxsize=4)
def build_engines(rules_dir: Path) -> Engines:
    """Build the per-language engines for a rules directory (once per process)."""
    pack, lexicon = load_rulepack(rules_dir), load_lexicon(rules_dir)
    nlp_engine, analyzers, by_id = SegmentNlpEngine(), {}, {}
    for language in LANGUAGES:
        recognizers = [build_recognizer(rule, language, lexicon) for rule in pack.rules if language in rule.languages]
        by_id.update({r.id: r.rule for r in recognizers})
        registry = RecognizerRegistry(recognizers=recognizers, global_regex_flags=0, supported_languages=[language])
        analyzers[language] = SegmentAnalyzerEngine(registry=registry, nlp_engine=nlp_engine,
                                             supported_languages=[language],
                                             context_aware_enhancer=WindowContextEnhancer())
    return Engines(analyzers, nlp_engine, by_id)
