"""Stock presidio for Chinese, built the way a user would build it, and the regex floor.

The baseline from issue 8: spaCy blank "zh" whose tokenizer is jieba.posseg,
tokens tagged nr become PERSON entities, ten pattern recognizers with context
words, presidio's own context enhancer. Nothing is downloaded.
"""
from __future__ import annotations

import logging
import re

PATTERNS = {
    "CN_ID_CARD": (r"(?<!\d)\d{17}[\dXx](?!\d)", ["身份证", "证件"]),
    "CN_MOBILE": (r"(?<!\d)1[3-9]\d{9}(?!\d)", ["电话", "手机", "联系"]),
    "CN_LANDLINE": (r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)", ["电话", "办公"]),
    "EMAIL_ADDRESS": (r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", ["邮箱", "email"]),
    "CN_BANK_CARD": (r"(?<!\d)\d{16,19}(?!\d)", ["银行", "卡号", "账号"]),
    "CN_LICENSE_PLATE": (r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{5,6}", ["号牌", "车牌"]),
    "VIN": (r"(?<![A-Z0-9])[A-HJ-NPR-Z0-9]{17}(?![A-Z0-9])", ["车架号", "VIN"]),
    "PASSPORT": (r"(?<![A-Z0-9])[EG]\d{8}(?!\d)", ["护照"]),
    "IP_ADDRESS": (r"(?<!\d)(?:\d{1,3}\.){3}\d{1,3}(?!\d)", ["IP"]),
    "QQ_NUMBER": (r"(?<!\d)[1-9]\d{4,10}(?!\d)", ["QQ"]),
}


def jieba_tokenizer(nlp):
    """A spaCy tokenizer that segments with jieba.posseg and marks nr tokens as PERSON."""
    import jieba
    import jieba.posseg as pseg
    from spacy.tokens import Doc, Span

    jieba.setLogLevel(logging.WARNING)

    def tokenize(text: str) -> Doc:
        pairs = [(p.word, p.flag) for p in pseg.cut(text) if p.word]
        doc = Doc(nlp.vocab, words=[w for w, _ in pairs], spaces=[False] * len(pairs))
        for token in doc:
            token.lemma_ = token.text
        doc.ents = [Span(doc, i, i + 1, label="PERSON") for i, (_, flag) in enumerate(pairs) if flag == "nr"]
        return doc

    return tokenize


def build_stock_analyzer():
    """A presidio AnalyzerEngine for zh as a user would assemble it from the docs."""
    import spacy
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    nlp = spacy.blank("zh")
    nlp.tokenizer = jieba_tokenizer(nlp)
    ner_config = NerModelConfiguration(model_to_presidio_entity_mapping={"PERSON": "PERSON"})
    engine = SpacyNlpEngine(models=[{"lang_code": "zh", "model_name": "blank-zh"}], ner_model_configuration=ner_config)
    engine.nlp = {"zh": nlp}
    recognizers = [SpacyRecognizer(supported_language="zh", supported_entities=["PERSON"])]
    for entity, (regex, context) in PATTERNS.items():
        recognizers.append(PatternRecognizer(supported_entity=entity, supported_language="zh",
                                             patterns=[Pattern(entity.lower(), regex, 0.5)], context=context))
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=["zh"])
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["zh"])


def regex_floor():
    """One combined Python regex with the ten identifier patterns: the floor any rule engine pays."""
    combined = "|".join(f"(?P<{name}>{regex})" for name, (regex, _) in PATTERNS.items())
    compiled = re.compile(combined)
    return lambda text: sum(1 for _ in compiled.finditer(text))
