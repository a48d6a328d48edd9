"""rules/lexicon.yaml: surnames, role cues, deny lists and role actions, read once per rules directory."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from review.errors import RulePackError
from review.rulepack import read_yaml

LEXICON_FILE = "lexicon.yaml"
LIST_KEYS = ("compound_surnames", "official_titles", "honorifics", "address_headers", "name_deny",
             "home_address_cues", "company_address_cues", "neutral_address_cues", "hotlines",
             "office_phone_cues", "personal_phone_cues", "individual_business_cues", "company_markers",
             "en_titles", "en_label_cues", "en_closings", "en_name_deny", "name_stops", "weak_name_cues")
MAP_KEYS = ("name_cues", "header_cues", "roles", "role_labels")
# Lists added later: optional, empty when a lexicon does not have them.
OPTIONAL_LIST_KEYS = ("person_nouns", "name_lead_words", "name_followers", "place_suffixes", "ambiguous_surnames")


def alternation(words) -> str:
    """A regex alternation of literal words, longest first (so 副局长 wins over 局长)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Word lists for names, addresses and roles (see rules/lexicon.yaml); hashed by identity (one per rules dir)."""

    lists: dict
    maps: dict
    single_surnames: frozenset
    given_deny: frozenset = frozenset()

    def words(self, key: str) -> tuple[str, ...]:
        """One of the word lists."""
        return self.lists[key]

    def mapping(self, key: str) -> dict:
        """One of the word -> value tables."""
        return self.maps[key]

    def role(self, name: str) -> dict:
        """{action, zh} for a role name (private_person when unknown)."""
        return self.maps["roles"].get(name) or self.maps["roles"]["private_person"]

    @property
    def surname_regex(self) -> str:
        """A regex for one surname, compound surnames first."""
        singles = "".join(sorted(self.single_surnames))
        return f"(?:{alternation(self.lists['compound_surnames'])}|[{singles}])"

    @cached_property
    def _compounds(self) -> dict[int, frozenset]:
        """Compound surnames by length (a set look-up per length instead of a scan of the list)."""
        by_len: dict[int, set] = {}
        for compound in self.lists["compound_surnames"]:
            by_len.setdefault(len(compound), set()).add(compound)
        return {n: frozenset(words) for n, words in sorted(by_len.items(), reverse=True)}

    def split_surname(self, name: str) -> tuple[str, str]:
        """(surname, given name); ('', name) when no known surname starts it."""
        for n, compounds in self._compounds.items():
            if name[:n] in compounds:
                return name[:n], name[n:]
        if name[:1] in self.single_surnames:
            return name[:1], name[1:]
        return "", name


def _check(source: str, data) -> None:
    if not isinstance(data, dict):
        raise RulePackError(source, None, None, "the lexicon must be a mapping")
    for key in LIST_KEYS + MAP_KEYS + ("single_surnames", "given_name_deny_chars"):
        if key not in data:
            raise RulePackError(source, None, key, "is required in the lexicon")
    for key in MAP_KEYS:
        if not isinstance(data[key], dict):
            raise RulePackError(source, None, key, "must be a mapping of word: value")


@lru_cache(maxsize=8)
def load_lexicon(rules_dir: Path) -> Lexicon:
    """Read and check rules/lexicon.yaml (cached per directory for the process)."""
    path = Path(rules_dir) / LEXICON_FILE
    data = read_yaml(path)
    _check(str(path), data)
    singles = frozenset(re.sub(r"\s", "", str(data["single_surnames"])))
    lists = {k: tuple(str(w) for w in data.get(k) or ()) for k in LIST_KEYS + OPTIONAL_LIST_KEYS}
    return Lexicon(lists=lists, maps={k: dict(data[k]) for k in MAP_KEYS}, single_surnames=singles,
                   given_deny=frozenset(re.sub(r"\s", "", str(data["given_name_deny_chars"]))))
