"""Roles decide the action: who is this person, whose is this phone, address or plate?

The same name is public in one role and private in another (DOMAIN.md "Role
matters"). A role comes from the cue that found a value (法定代表人, 举报人,
局长...), from what stands around it (a company in the same table row, an
office-phone label), and for a name from its strongest cued mention anywhere in
the document, so a legal representative stays kept when named again later.
The role table (action and the reason shown) is data: rules/lexicon.yaml `roles`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from review.lexicon import Lexicon, alternation, load_lexicon
from review.model import Document, Finding
from review.spans import PersonIndex

# When one name carries several cued roles, the first of these wins.
ROLE_PRIORITY = ("official", "legal_representative", "party", "penalized_person", "informant", "complainant",
                 "witness", "applicant_person", "company_contact", "private_person", "masked")
PARTY_LINE = re.compile(r"(?:当事人|被处罚单位|被检查单位)[：:]\s*([^\n，,。]{2,40})")
PENALTY_DOC = re.compile(r"行政处罚决定书|处罚决定|责令改正违法行为决定书|处罚告知书")
INDIVIDUAL_USCC = re.compile(r"^92")
PHONE_TYPES = frozenset({"CN_MOBILE", "CN_LANDLINE", "PHONE_NUMBER"})
EN_OFFICIAL = re.compile(r"Director|Bureau|Office|Section|Department|Division|spokes|Deputy|Minister|Chief|"
                         r"Commission|Government|officer", re.IGNORECASE)
EN_COMPANY = re.compile(r"\b(?:Ltd|Co\.|Inc|Pte|Company|Corporation|Chemicals?|Group|GmbH|manager|EHS|plant|"
                        r"factory|site|Counsel)\b", re.IGNORECASE)
# Words before a name in English that make the person a private one (your neighbour, the complainant).
EN_PRIVATE = re.compile(r"\b(?:neighbou?rs?|residents?|villagers?|complainants?|informants?|witness(?:es)?|relatives?|"
                        r"daughter|son|wife|husband|mother|father|farmer|passers?-by|applicant|citizen)\b", re.IGNORECASE)
EN_TITLE_END = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s*$")
EN_LEGAL_REP = re.compile(r"legal representative|legal person|chairman|general manager", re.IGNORECASE)
EN_COMPANY_ADDRESS = re.compile(r"(?:registered|business|office|company|factory|plant) address|located at|"
                                r"premises at|headquartered at", re.IGNORECASE)
# A letter written to the bureau by a member of the public (its signer is not an official).
EN_INCOMING = re.compile(r"Dear (?:Sir|Madam|Sirs)\b|To whom it may concern|\bI am writing to\b|\bI would like to "
                         r"(?:complain|report)|\bI live\b|\bmy (?:home|flat|house|apartment|family)\b|"
                         r"\bI (?:wish|want) to (?:complain|report)", re.IGNORECASE)
EN_HOME = re.compile(r"\b(?:lives?|living|resides?|residing|stays?) (?:in|at)\b|home address|residential address|"
                     r"\byour (?:flat|home|house|apartment|building|residence)(?: at)?\s*$", re.IGNORECASE)
EN_OUR_CONTACT = re.compile(r"reference contact|contact person at|our contact|case officer|please (?:contact|call|"
                            r"phone|ring|reach)\s+(?:(?:Mr|Ms|Mrs|Dr)\.?\s+)?$", re.IGNORECASE)
# An address right after an office or a company (我局法规科（...）, 烧烤店（...）) is not a home.
BUREAU_BEFORE = re.compile(r"(?:我局|本局|局|科|处|办公室|中心|大厅|窗口)[（(：:]?\s*$")
OFFICIAL_ROW = re.compile(r"执法证|生态环境局|环境保护局|执法大队|执法支队|监察大队")
OFFICE_LINE = re.compile(r"我局|本局|我厅|本机关|我办|我委|生态环境局|环境保护局|信访办|执法大队|执法支队|执法总队|中队|"
                         r"承办部门|联系部门|承办单位|办公室|监测站|窗口|工作人员")

EDGE_LAYERS = frozenset({"header", "footer"})
# How close (characters) after an official's name a plate is taken as the bureau's car.
OFFICIAL_CAR = 12
TEXT_CELL = re.compile(r"[|｜\t]")  # cell separators of a table written as text
# The local part of a mailbox that belongs to a function, not a person (hse@, info@, xinfang@).
ROLE_MAILBOX = re.compile(r"(?:hse|ehs|env|eia|info|service|services|office|contact|admin|hr|sales|support|"
                          r"public|pr|press|media|news|complaints?|feedback|xinfang|gongkai|bangong|huanbao|"
                          r"webmaster|postmaster|noreply|no-reply|enquiry|enquiries|inquiry|mail)[._-]?\d*@",
                          re.IGNORECASE)
# A masked name (王某, 李某某) ending the text: masked names are private persons'.
MASKED_END = re.compile(r"[\u4e00-\u9fff]{1,2}某{1,2}[甲乙丙丁]?$")
# A party label right before an address cue (当事人住所：, 投诉人地址：): the address is that person's.
PERSON_LABEL_BEFORE = re.compile(r"(?:当事人|投诉人|举报人|信访人|申请人|被处罚人|来信人|来访人)(?:的)?(?:住所|地址|住所地|"
                                 r"联系地址|通讯地址|所在地)[：:]?\s*$")
PERSONAL_LABEL = re.compile(r"投诉人|举报人|信访人|来电人|申请人|当事人|家属|本人")
# Words right after an address that make it a home (…504室（居民X家）, 系…21号村民, …18号（自家院内）).
HOME_AFTER = re.compile(r"\s*(?:[（(](?:居民|村民|住户|业主)?[\u4e00-\u9fff]{0,5}家|[（(]自家|的?(?:村民|居民|住户|家中))")
AGE = re.compile(r"^[，,]\s*[男女][，,]\s*(\d{1,3})(?:周)?岁")
# How far around a value its owner's words are looked for (characters).
NEAR = 30


TABLE_LAYERS = frozenset({"table", "cell", "hidden_row", "hidden_column", "hidden_sheet"})
# Roles of people whose phone, address or plate is private.
PRIVATE_ROLES = frozenset({"penalized_person", "party", "complainant", "informant", "witness", "private_person",
                           "applicant_person", "minor"})
# How far back (characters) the owner of a phone or address is looked for.
OWNER_WINDOW = 200


def _column_key(segment_or_finding):
    loc = segment_or_finding.location
    return (loc.part, loc.sheet, loc.table, loc.column)


def _row_key(segment_or_finding):
    loc = segment_or_finding.location
    return (loc.part, loc.sheet, loc.table, loc.row) if loc.layer in TABLE_LAYERS and loc.row else None


@dataclass(frozen=True)
class DocumentFacts:
    """What the whole document says about its parties, and the text of each table row."""

    text: str
    penalty: bool
    individual_business: bool
    company_party: bool
    lexicon: Lexicon
    rows: dict
    company: re.Pattern
    headers: dict

    @classmethod
    def of(cls, document: Document, lexicon: Lexicon) -> "DocumentFacts":
        """Facts read once per document."""
        text = document.text
        individual = any(w in text for w in lexicon.words("individual_business_cues"))
        rows: dict = {}
        headers: dict = {}
        for segment in document.segments:
            key = _row_key(segment)
            if key:
                rows[key] = rows.get(key, "") + " | " + segment.text
            if key and segment.location.row == 1:
                headers[_column_key(segment)] = segment.text
        company = re.compile(rf"[\u4e00-\u9fff]{{2,}}(?:{alternation(lexicon.words('company_markers'))})")
        party = PARTY_LINE.search(text[:3000])
        company_party = bool(party and company.search(party.group(1)))
        return cls(text, bool(PENALTY_DOC.search(text[:2000])), individual, company_party, lexicon, rows, company,
                   headers)

    def header(self, f: Finding) -> str:
        """The column header above a table cell finding ('' elsewhere)."""
        return self.headers.get(_column_key(f), "") if _row_key(f) else ""

    def before(self, f: Finding, width: int = NEAR) -> str:
        """Text just before a finding, within its own line."""
        return self.text[max(0, f.start - width):f.start].rsplit("\n", 1)[-1]

    def after(self, f: Finding, width: int = NEAR) -> str:
        """Text just after a finding, within its own line."""
        return self.text[f.end:f.end + width].split("\n", 1)[0]

    def line(self, f: Finding) -> str:
        """The table row of a finding in a table, else the line (segment) it stands in."""
        key = _row_key(f)
        if key in self.rows:
            return self.rows[key]
        start = self.text.rfind("\n", 0, f.start) + 1
        end = self.text.find("\n", f.end)
        return self.text[start:end if end >= 0 else len(self.text)]


def name_roles(findings, facts: DocumentFacts) -> dict[str, str]:
    """The strongest cued role of every name in the document (English names: read around the first mention)."""
    seen: dict[str, list[str]] = {}
    authors = {f.text: f.role for f in findings if dict(f.details).get("how") == "metadata"}
    for f in findings:
        if f.entity_type == "PERSON" and f.role and dict(f.details).get("how") not in ("repeat", "metadata"):
            role = english_person_role(f, f.role, facts) if re.search(r"[A-Za-z]", f.text) else f.role
            seen.setdefault(f.text, []).append(role)
    best = {name: min(roles, key=lambda r: ROLE_PRIORITY.index(r) if r in ROLE_PRIORITY else 99)
            for name, roles in seen.items()}
    for name, role in authors.items():  # a document author named nowhere else: the drafting official
        best.setdefault(name, role)
    for name in list(best):  # "Ms Keller" is the Hannah Keller named before
        if not re.fullmatch(r"[A-Z][\w'-]+", name):
            continue  # checked first: the search for a full name scans every name (quadratic)
        full = next((n for n in best if n != name and n.endswith(" " + name)), None)
        if full:
            best[name] = best[full]
    return best


def person_role(f: Finding, roles: dict, facts: DocumentFacts) -> str:
    """The role of a name: masked, or its strongest cued role, refined by the document."""
    if ("masked", "true") in f.details:
        return "masked"
    if f.location.layer == "metadata":
        return "document_author"  # hidden content: cleared with the document properties, not kept as an official
    role = roles.get(f.text, f.role or "private_person")
    if re.search(r"[A-Za-z]", f.text):
        return role
    if role == "party":
        return "penalized_person" if facts.penalty else "private_person"
    if role == "legal_representative" and facts.individual_business:
        return "penalized_person"  # an individual business's operator is the penalised person
    if role == "company_contact" and dict(f.details).get("how") == "header":
        return "listed_contact"
    if dict(f.details).get("how") == "header" and role in PRIVATE_ROLES and OFFICIAL_ROW.search(facts.line(f)):
        return "official"  # a list of inspectors: a row with the bureau and an enforcement number
    age = AGE.match(facts.text[f.end:f.end + 12])
    if age and int(age.group(1)) < 18:
        return "minor"
    return role


def english_person_role(f: Finding, role: str, facts: DocumentFacts) -> str:
    """Officials and company staff in English text, by the words around the name."""
    before, after = facts.before(f, 40), facts.after(f, 80)
    if EN_OUR_CONTACT.search(before):
        return "official"
    if dict(f.details).get("cue") == "signature":
        return _signature_role(f, facts)
    clause = re.split(r"[.;]\s", EN_TITLE_END.sub("", before))[-1]  # "The farmer, Mr. " -> "The farmer, "
    if EN_LEGAL_REP.search(clause):
        return "legal_representative"
    if EN_PRIVATE.search(clause) and not EN_OFFICIAL.search(_apposition(after)):
        return role if role in PRIVATE_ROLES else "private_person"  # "your neighbour, Mrs. Li, told our officers"
    around = before + " " + after
    if EN_OFFICIAL.search(around) and not EN_COMPANY.search(facts.after(f, 80)):
        return "official"
    if EN_COMPANY.search(around):
        return "company_contact"
    return role


def _signature_role(f: Finding, facts: DocumentFacts) -> str:
    """The signer of an English letter: an official under a reply, the writer of a letter to the bureau."""
    below = "\n".join(facts.text[f.end:f.end + 160].split("\n")[:3])
    if EN_OFFICIAL.search(below):
        return "official"  # a title or the bureau's name under the signature
    return "complainant" if EN_INCOMING.search(facts.text[:1500]) else "official"


def _apposition(after: str) -> str:
    """What stands in apposition right after a name (", Director of ...", " (Deputy Director)"), else ''."""
    return re.split(r"[.;]\s|\)", after)[0] if re.match(r"\s*[,(]", after) else ""


@lru_cache(maxsize=32)
def cue_regex(words: tuple[str, ...]) -> re.Pattern:
    """A word list as one compiled alternation (compiled once per process, not once per finding)."""
    return re.compile(alternation(words))


def phone_role(f: Finding, facts: DocumentFacts, roles: dict, persons) -> str:
    """Hotline, office phone, a company contact's phone, or a person's phone."""
    lex = facts.lexicon
    if f.role == "hotline":
        return "hotline"
    before = facts.header(f) + " " + facts.before(f, 16)
    personal = cue_regex(lex.words("personal_phone_cues")).search(before)
    office = cue_regex(lex.words("office_phone_cues")).search(before)
    if office and not (personal and personal.start() > office.start()):
        return "office_phone"
    if f.entity_type == "CN_LANDLINE" and not personal and (
            OFFICE_LINE.search(facts.line(f)) or f.location.layer in EDGE_LAYERS):
        return "office_phone"
    owner = owner_role(f, facts, roles, persons)
    if f.entity_type == "CN_LANDLINE" and not personal and owner not in PRIVATE_ROLES:
        return "company_contact" if owner == "company_contact" else "office_phone"
    if f.entity_type == "CN_LANDLINE" and not personal and (_company_row(f, facts, persons) or _unnamed_contact(f, facts)):
        return "company_contact"  # a company's phone in its own row of a list, or its contact's desk phone
    return owner or "private_person"


def _unnamed_contact(f: Finding, facts: DocumentFacts) -> bool:
    """A 联系人 line whose person was not recognised: the phone is that contact's, not an earlier person's."""
    return "联系人" in facts.before(f, 60) and not PERSONAL_LABEL.search(facts.before(f, 60))


def _company_row(f: Finding, facts: DocumentFacts, persons: PersonIndex) -> bool:
    """A table row (or text-table line) naming a company and no person."""
    line = facts.line(f)
    if not (_row_key(f) is not None or len(TEXT_CELL.findall(line)) >= 2) or not facts.company.search(line):
        return False
    return not any(facts.line(p) == line for p in persons.starting_near(f.start, len(line)))


def owner_role(f: Finding, facts: DocumentFacts, roles: dict, persons: PersonIndex, window: int = OWNER_WINDOW,
               gap: int = 0) -> str | None:
    """The role of the nearest person named before a value (ending `gap` to `gap + window` characters before it)."""
    near = persons.ending_within(f.start - gap, window)  # an index: a scan of all persons is quadratic
    owner = near[-1] if near else None
    if owner is None:
        return None
    role = person_role(owner, roles, facts)
    return "penalized_person" if role == "party" else role


def address_role(f: Finding, facts: DocumentFacts, roles: dict, persons) -> str:
    """A home address (by its cue, or a natural person's 住所) or a company's / office's address."""
    lex, cue = facts.lexicon, dict(f.details).get("cue", "")
    if f.entity_type == "ADDRESS" and re.search(r"[A-Za-z]", f.text):
        if EN_COMPANY_ADDRESS.search(facts.before(f, 30)):
            return "company_address"
        if EN_HOME.search(facts.before(f, 30)):
            return "home_address"
        owner = owner_role(f, facts, roles, persons, window=40)
        if owner in PRIVATE_ROLES:
            return "home_address"
        around = facts.text[max(0, f.start - 120):f.start] + facts.after(f, 40)
        return "company_address" if EN_OFFICIAL.search(around) or EN_COMPANY.search(around) else "home_address"
    if cue in lex.words("home_address_cues"):
        return "home_address"
    if cue in lex.words("company_address_cues"):
        return "company_address"
    right_after = facts.text[f.start - 1:f.start] in ("（", "(")  # a person named right before, then （
    if not cue and right_after and owner_role(f, facts, roles, persons, window=0, gap=1) in PRIVATE_ROLES:
        return "home_address"  # 徐桂英（宝山区...601室，电话...）: the address of the person just named
    if not cue and _home_context(f, facts, roles, persons):
        return "home_address"
    if not cue or BUREAU_BEFORE.search(facts.before(f, 12)) or _company_before(f, facts):
        return "place" if not cue else "company_address"
    # 住所, 地址: a natural person's home when the nearest party named before it is a private person.
    owner = owner_role(f, facts, roles, persons)
    if owner is None and not facts.company_party and PERSON_LABEL_BEFORE.search(facts.before(f, 16)):
        return "home_address"  # 当事人住所： in a decision whose party is not a company, 投诉人地址：
    return "home_address" if owner in PRIVATE_ROLES else "company_address"


def _company_before(f: Finding, facts: DocumentFacts) -> bool:
    """A company (or shop) named just before an address, its cue aside (某某有限公司经营（地址：, 烧烤店（）."""
    lex = facts.lexicon
    cues = lex.words("home_address_cues") + lex.words("company_address_cues") + lex.words("neutral_address_cues")
    before = re.sub(rf"(?:{alternation(cues)})[：:]?\s*$", "", facts.before(f, 16))
    return bool(facts.company.search(before))


def _home_context(f: Finding, facts: DocumentFacts, roles: dict, persons: PersonIndex) -> bool:
    """An address said to be someone's home by what surrounds it, without a cue before it.

    天山路…504室（居民X家）, 系…21号村民: the words after it; 伍德胜（男，1958年生，…201室）: inside the
    bracket of a private person's particulars; a table row naming a private person and no company.
    """
    aside = max(f.text.rfind("（"), f.text.rfind("("))  # the tail may have taken a bracket: …504室（居民X家）
    if HOME_AFTER.match(facts.text, f.end) or (aside > 0 and HOME_AFTER.match(f.text, aside)):
        return True
    before = facts.before(f, 40)
    bracket = max(before.rfind("（"), before.rfind("("))
    if bracket >= 0 and ")" not in before[bracket:] and "）" not in before[bracket:]:
        gap = len(before) - bracket
        if MASKED_END.search(before[:bracket]) or \
                owner_role(f, facts, roles, persons, window=0, gap=gap) in PRIVATE_ROLES:
            return True  # 伍某（男，1958年生，…201室）: the particulars of a private person
    line = facts.line(f)
    if (_row_key(f) is not None or len(TEXT_CELL.findall(line)) >= 2) and not facts.company.search(line):
        near = [p for p in persons.starting_near(f.start, len(line)) if facts.line(p) == line]
        return any(person_role(p, roles, facts) in PRIVATE_ROLES for p in near)
    return False


def plate_role(f: Finding, facts: DocumentFacts, persons: PersonIndex, roles: dict | None = None) -> str:
    """A company vehicle's plate is kept; a person's is redacted (decided by the table row)."""
    line = facts.line(f)
    has_person = any(facts.line(p) == line for p in persons.starting_near(f.start, len(line)))
    near = persons.ending_within(f.start, OFFICIAL_CAR)
    if near and roles is not None and person_role(near[-1], roles, facts) == "official" and \
            not re.search(r"[。；;]", facts.text[near[-1].end:f.start]):
        return "office_vehicle"  # 驾驶员 伏明（车辆沪A·B7261）: the car of the bureau's staff just named
    tabular = _row_key(f) is not None or len(TEXT_CELL.findall(line)) >= 2
    if not has_person and tabular and facts.company.search(line):
        return "penalized_company"
    if not has_person and not tabular and facts.company_party and not facts.individual_business:
        return "penalized_company"  # a vehicle in a decision against a company is the company's
    return "penalized_person" if facts.penalty or has_person else "private_person"


def role_of(f: Finding, facts: DocumentFacts, roles: dict, persons: PersonIndex) -> str | None:
    """The role of one personal-data finding (None: leave the rule's action)."""
    if f.category != "personal":
        return f.role
    if f.entity_type == "PERSON":
        return person_role(f, roles, facts)
    if f.entity_type in PHONE_TYPES:
        return phone_role(f, facts, roles, persons)
    if f.entity_type == "ADDRESS":
        return address_role(f, facts, roles, persons)
    if f.entity_type == "CN_USCC":
        return "individual_business" if INDIVIDUAL_USCC.match(f.text) else "penalized_company"
    if f.entity_type == "EMAIL_ADDRESS":
        if ROLE_MAILBOX.match(f.text):
            return "office_email" if re.search(r"\.gov\.cn$|\.gov$", f.text, re.IGNORECASE) else "role_mailbox"
        return "office_email" if re.search(r"\.gov\.cn$|\.gov$", f.text, re.IGNORECASE) else (
            owner_role(f, facts, roles, persons) or "private_person")
    if f.entity_type in ("CN_LICENSE_PLATE", "VIN"):
        return plate_role(f, facts, persons, roles)
    if f.role or f.action == "none":
        return f.role
    return owner_role(f, facts, roles, persons) or "private_person"  # an identifier belongs to the person before it


def _action(f: Finding, role: str | None, facts: DocumentFacts) -> tuple[str, str]:
    """(action, explanation) for a finding with a role."""
    if role is None:
        return f.action, f.explanation
    entry = facts.lexicon.role(role)
    action = entry.get("action", f.action)
    if f.entity_type not in ("PERSON", "CN_USCC", "ADDRESS") and role not in ("hotline", "office_phone",
                                                                             "office_email", "role_mailbox", "office_vehicle", "penalized_company",
                                                                             "company_address"):
        action = _value_action(f, role)  # a kept person's phone or ID is still personal data
    reason = entry.get("zh", "")
    label = facts.lexicon.mapping("role_labels").get(role)
    if f.entity_type not in ("PERSON", "CN_USCC", "ADDRESS") and label:
        reason = f"该信息属于{label}，是其个人信息。"  # the owner's role, not the reason a name is kept
    cue = dict(f.details).get("cue")
    if cue and f.entity_type in ("PERSON", "ADDRESS"):
        reason += f"（依据：“{cue}”）"  # which word of the draft decided the role
    return action, f"{f.explanation} {reason}".strip()


def _value_action(f: Finding, role: str) -> str:
    """Identifiers of a person: redacted, except a company contact's phone or mail, which a reviewer checks."""
    if role == "company_contact" and f.entity_type in PHONE_TYPES | {"EMAIL_ADDRESS"}:
        return "none" if f.entity_type == "CN_LANDLINE" else "review"
    return f.action if f.action != "none" else "redact"


def assign(document: Document, findings, config) -> list[Finding]:
    """Return findings with role and action set from the document's cues."""
    lexicon = load_lexicon(Path(config.rules_dir))
    facts = DocumentFacts.of(document, lexicon)
    roles = name_roles(findings, facts)
    persons = PersonIndex(f for f in findings if f.entity_type == "PERSON")
    out = []
    for f in findings:
        role = role_of(f, facts, roles, persons)
        action, explanation = _action(f, role, facts)
        details = f.details + ((("role_cue", dict(f.details).get("cue", "")),) if role and f.entity_type == "PERSON"
                               else ())
        out.append(f.with_(role=role, action=action, explanation=explanation, details=details))
    return out
