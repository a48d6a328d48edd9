"""Language per segment from its script."""
from __future__ import annotations

import pytest

from review.language import detect_languages, document_language


@pytest.mark.parametrize("text,expected", [
    ("当事人：张建国，男，1978年3月12日出生", ("zh",)),
    ("Dear Ms. Keller, thank you for your request of 9 October.", ("en",)),
    ("电子邮箱：hannah.keller@tu-dresden.de", ("zh",)),        # an address is not English text
    ("13812345678", ("zh",)),                                  # no script: the document's language
    ("GB 8978-1996", ("zh",)),
    ("English summary 英文摘要：the complaint about night-time construction noise", ("zh", "en")),
])
def test_detect_languages(text, expected):
    assert detect_languages(text, default="zh") == expected


def test_a_number_in_an_english_document_uses_english():
    assert detect_languages("+65 9123 4567", default="en") == ("en",)


def test_document_language_is_the_dominant_script():
    assert document_language(["Dear Sir,", "Thank you for your letter.", "上海"]) == "en"
    assert document_language(["行政处罚决定书", "当事人：张三", "Page 1"]) == "zh"


def test_an_email_address_inside_chinese_text_does_not_hide_the_chinese_around_it():
    # Chinese has no spaces: an address pattern with \S+ used to swallow the whole line, leaving no script
    line = "您于2025年3月20日发送至我局公开邮箱的投诉邮件（发件邮箱：sophie.laurent@orange.fr）收悉。您反映"
    assert detect_languages(line, default="en") == ("zh",)
