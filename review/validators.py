"""Named tri-state checks: True (valid: raise to full score), False (invalid), None (no opinion).

Backed by well-kept libraries (python-stdnum, phonenumbers, ipaddress) instead of
hand-written checksums where one exists. Each validator takes the matched text
and returns True, False or None. A rule's `invalid_score` turns False into a
lower-score "probable" finding instead of silence.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import re
from typing import Callable

Validator = Callable[[str], "bool | None"]
VALIDATORS: dict[str, Validator] = {}

# Oldest plausible year of birth of a living person named in a draft.
OLDEST_BIRTH_YEAR = 1900


def validator(name: str):
    """Register a function under a name that rule files can refer to."""
    def register(func: Validator) -> Validator:
        VALIDATORS[name] = func
        return func
    return register


def digits_of(text: str) -> str:
    """The digits (and a trailing X) of a matched identifier, separators removed."""
    return re.sub(r"[^0-9Xx]", "", text).upper()


def plausible_birth_date(year: int, month: int, day: int) -> bool:
    """A real calendar date between OLDEST_BIRTH_YEAR and today."""
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return OLDEST_BIRTH_YEAR <= year and born <= dt.date.today()


@validator("cn_resident_id")
def cn_resident_id(text: str) -> bool | None:
    """GB 11643 resident ID: 18 digits with mod 11-2 check digit, or old 15 digits; birth date plausible.

    Not stdnum.cn.ric.is_valid: it also rejects valid IDs whose county code is
    newer than the birth date, and can raise KeyError on unknown counties.
    """
    from stdnum.cn.ric import calc_check_digit

    number = digits_of(text)
    if len(number) == 15:
        return number.isdigit() and plausible_birth_date(1900 + int(number[6:8]), int(number[8:10]),
                                                         int(number[10:12]))
    if len(number) != 18 or not number[:17].isdigit():
        return False
    if not plausible_birth_date(int(number[6:10]), int(number[10:12]), int(number[12:14])):
        return False
    return calc_check_digit(number) == number[17]  # stdnum drops the last character itself


def _cn_phone_valid(digits: str, mobile: bool | None = None) -> bool:
    """Valid for phonenumbers in China; `mobile` True/False also requires that number type."""
    import phonenumbers

    try:
        number = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number(number):
        return False
    if mobile is None:
        return True
    return (phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE) == mobile


@validator("cn_mobile")
def cn_mobile(text: str) -> bool | None:
    """A Chinese mobile number: 11 digits, 1[3-9] prefix, valid for phonenumbers."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) != 11:
        return False
    return _cn_phone_valid(digits)


@validator("cn_landline")
def cn_landline(text: str) -> bool | None:
    """A Chinese fixed-line number with area code (extension ignored), valid for phonenumbers."""
    main = re.split(r"转|ext|EXT|分机", text)[0]
    digits = re.sub(r"\D", "", main)
    if digits.startswith("86") and not digits.startswith("0"):
        digits = "0" + digits[2:]
    if not digits.startswith("0"):
        return None  # a local number without area code: nothing to check it against
    return _cn_phone_valid(digits, mobile=False)


@validator("luhn")
def luhn(text: str) -> bool | None:
    """Bank card numbers: 16-19 digits with a valid Luhn check digit."""
    from stdnum import luhn as stdnum_luhn

    digits = re.sub(r"\D", "", text)
    if not 16 <= len(digits) <= 19:
        return False
    return stdnum_luhn.is_valid(digits)


VIN_VALUES = {**{str(d): d for d in range(10)},
              **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
              **dict(zip("STUVWXYZ", range(2, 10)))}
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


@validator("vin")
def vin(text: str) -> bool | None:
    """ISO 3779 / GB 16735 vehicle identification number: 17 chars, check digit at position 9."""
    value = text.strip().upper()
    if len(value) != 17 or any(c not in VIN_VALUES for c in value):
        return False
    if value.isdigit() or value.isalpha():
        return False
    total = sum(VIN_VALUES[c] * w for c, w in zip(value, VIN_WEIGHTS))
    check = "X" if total % 11 == 10 else str(total % 11)
    return value[8] == check


@validator("cn_uscc")
def cn_uscc(text: str) -> bool | None:
    """Unified social credit code (GB 32100): 18 chars with two check characters (python-stdnum)."""
    from stdnum.cn import uscc

    try:
        return bool(uscc.is_valid(text.strip().upper()))
    except (KeyError, ValueError):
        return False


@validator("ip_address")
def ip_address(text: str) -> bool | None:
    """An IPv4 or IPv6 address that the ipaddress module accepts (not a version number like 1.0.0.1)."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return False
    if address.version == 4 and all(int(part) <= 20 for part in text.strip().split(".")):
        return False  # the shape of a clause number (6.3.2.1) in standards and regulations
    return not address.is_unspecified


DATE_PARTS = re.compile(r"(\d{4})\D{1,2}(\d{1,2})(?:\D{1,2}(\d{1,2}))?")


@validator("birth_date")
def birth_date(text: str) -> bool | None:
    """A date of birth that is a real date between 1900 and today (day optional: 1985年3月)."""
    m = DATE_PARTS.search(text)
    if not m:
        return None
    return plausible_birth_date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))


@validator("not_repeated")
def not_repeated(text: str) -> bool | None:
    """False for filler values such as 00000000 or 11111111 (placeholders, not identifiers)."""
    digits = re.sub(r"\W", "", text)
    return False if len(set(digits)) <= 1 else None


@validator("intl_phone")
def intl_phone(text: str) -> bool | None:
    """A number written with a + country code that phonenumbers accepts as valid."""
    import phonenumbers

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(re.sub(r"[^\d+]", "", text), None))
    except phonenumbers.NumberParseException:
        return False
