"""Tri-state validators: each row is (validator, text, expected verdict)."""
from __future__ import annotations

import pytest

from review.validators import VALIDATORS, plausible_birth_date


@pytest.mark.parametrize("name,text,expected", [
    ("cn_resident_id", "11010519491231002X", True),
    ("cn_resident_id", "410105198201172934", True),
    ("cn_resident_id", "110105194912310021", False),   # check digit wrong
    ("cn_resident_id", "110105194913310028", False),   # month 13
    ("cn_resident_id", "310104550312123", True),        # old 15 digits, 1955-03-12
    ("cn_resident_id", "310104551312123", False),
    # a county code (Pudong, 1993) newer than the birth date: only the check digit and the date decide
    ("cn_resident_id", "31011519000101001X", True),
    ("cn_mobile", "13812345678", True),
    ("cn_mobile", "+86 138-1234-5678", True),
    ("cn_mobile", "12812345678", False),
    ("cn_landline", "021-56698012", True),
    ("cn_landline", "+86 21 2311 5032", True),
    ("cn_landline", "013812345678", False),             # a mobile with a trunk prefix is not a landline
    ("cn_landline", "62345678", None),                  # no area code: no opinion
    ("luhn", "6222025260181590832", True),
    ("luhn", "6222025260181590833", False),
    ("luhn", "4111111111111", False),                   # too short for a bank card
    ("vin", "LGBH52E03KY654321", True),
    ("vin", "LGBH52E04KY654321", False),
    ("vin", "ABCDEFGHJKLMNPRST", False),                # no digit
    ("cn_uscc", "91310113607312458X", True),
    ("cn_uscc", "91310113607312458Y", False),
    ("ip_address", "81.149.32.207", True),
    ("ip_address", "1.2.3.400", False),
    ("ip_address", "2001:db8:85a3::8a2e:370:7334", True),
    ("ip_address", "10:30:45", False),
    ("birth_date", "1958年9月24日", True),
    ("birth_date", "1958年2月30日", False),
    ("birth_date", "1850-01-01", False),
    ("not_repeated", "00000000000", False),
    ("not_repeated", "31001550400059000127", None),
    ("intl_phone", "+852 6183 4527", True),
    ("intl_phone", "+852 1", False),
])
def test_validator_verdicts(name, text, expected):
    assert VALIDATORS[name](text) is expected


def test_cn_resident_id_never_raises_on_unknown_county():
    assert VALIDATORS["cn_resident_id"]("990000199001011234") in (True, False)


@pytest.mark.parametrize("ymd,expected", [((1990, 1, 1), True), ((1899, 12, 31), False), ((3000, 1, 1), False)])
def test_plausible_birth_date(ymd, expected):
    assert plausible_birth_date(*ymd) is expected
