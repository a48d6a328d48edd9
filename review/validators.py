"""Named tri-state checks: True (valid: raise to full score), False (invalid), None (no opinion).

Backed by well-kept libraries (python-stdnum, phonenumbers) instead of hand-written checksums.
Each validator takes the matched text and returns True, False or None.
"""
from __future__ import annotations

import re
from typing import Callable

Validator = Callable[[str], "bool | None"]
VALIDATORS: dict[str, Validator] = {}


def validator(name: str):
    """Register a function under a name that rule files can refer to."""
    def register(func: Validator) -> Validator:
        VALIDATORS[name] = func
        return func
    return register


def digits_of(text: str) -> str:
    """The digits (and a trailing X) of a matched identifier, separators removed."""
    return re.sub(r"[^0-9Xx]", "", text).upper()


@validator("cn_mobile")
def cn_mobile(text: str) -> bool | None:
    """A Chinese mobile number: 11 digits, 1[3-9] prefix, valid for phonenumbers."""
    import phonenumbers

    digits = re.sub(r"\D", "", text)
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) != 11:
        return False
    try:
        number = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)
