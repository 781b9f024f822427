"""The procurement rules: the offline stand-in for the LLM on corporate clean-energy purchases.

It reads press releases, 8-K items, sustainability reports and news sentence by sentence. A
sentence is an agreement when it names a contract (a virtual or physical PPA, a green tariff or
utility program, renewable energy credits, on-site generation, a supply agreement) together with
a verb that concludes one (signed, entered into, will purchase, subscribed, enrolled; for on-site
generation completed, installed, switched on). Targets, RFPs, terminations and price news are
not agreements, nor are acquisitions of companies or a utility buying power for its customers.

Who buys and who sells comes from the sentence's structure:
- "X signed ... with Y": X sells when the project is X's ("for its Dry Creek Solar project") or
  X's name reads more like an energy company's (Solar, Wind, Renewables, Power, Energy, ...)
  than Y's; otherwise X buys (on a tie too: press releases are mostly the buyer's);
- "Y will supply X", "... developer Y said", "built and owned by Y", "Y's green tariff",
  "credits from Y": Y sells;
- "X and Z have each signed ...": two buyers, two events;
- "the Company", "we", "The company" are the document's own company: the one a filing defines
  as (the "Company"), the registrant above "(Exact name of registrant ...)", the company a
  report's title names, else the buyer the document named first;
- "with a Fortune 100 company" from an energy-named subject: the buyer is unnamed (null); a
  party described, not named ("A Fortune 500 company", "Global Consumer Goods Company"), is no
  name, and a sentence that names neither a buyer nor the seller is no event;
- a Title Case headline ("X Signs 200 MW Virtual PPA With Y For Z Solar", "X and Y Sign ...")
  reads like a sentence: its verbs and prepositions end a name, and the headline's short name
  ("Copperline") and the body's full one ("Copperline Telecom Inc.") are one buyer, named in full.

Fields come from the agreement's sentence, read without the buyer's and seller's own names (a
"Cold Storage" buyer is not a battery): capacity (GW and kW converted to MW; MWh is energy, not
capacity), technology, the project's state (never the dateline's, which is where the release was
issued, except for on-site generation and green tariffs, which sit where the buyer is), country
(a US state is the US) and project name. The date is the press release's dateline date, else the
agreement sentence's own date (not a later construction or operation year), else a date line.
A sentence that names a buyer the document already has fills that buyer's missing capacity
("Sterling Paper will take 60 MW ..."). Events of the same buyer and contract type are one.
Credits that come with a PPA's power ("the associated RECs") and past habits ("has bought RECs
since 2015") are no purchase of their own.

Text from the web is untrusted: paragraphs that talk like instructions to a model are dropped
whole by `text.trusted_lines` before anything is read. Every quote is a sentence sliced from
the document, so it is verbatim.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from maestro_assets.lib.extraction.keys import company_key
from maestro_assets.lib.extraction.models import ProcurementEvent
from maestro_assets.lib.extraction.text import (
    FULL_DATE,
    TECHNOLOGY_WORDS,
    dates_in,
    document_year,
    split_sentences,
    state_mentions,
    technologies_in,
    trusted_lines,
)

# v3 = v2 reading Title Case headlines ("X Signs ... With Y For Z Solar"): headline verbs and
# prepositions end a name, "Fortune 100 Technology Company" is no name, a headline's short name and
# the body's full one are one buyer, and credits bundled with a PPA are no purchase of their own.
# v2 = v1 with two fixes found by unit tests (a buyer's "Ohio plant" read as a project name; the
# period of an upper-case "INC." dropped); v1 was frozen before the held-out documents were
# written, and v2 scores the same on every gold document.
RULES_VERSION = "procurement-rules-v3"

# --- contracts ----------------------------------------------------------------------------------

PPA = r"(?:power purchase agreements?|PPAs?)"
ONSITE = re.compile(
    r"\b(on-?site|rooftops?|roof-mounted|on (?:the |its )?roofs?|carports?|"
    r"behind[- ]the[- ]meter|canopies)\b",
    re.I,
)
ONSITE_VERB = re.compile(
    r"\b(completed|installed|has installed|switched on|commissioned|energized|activated|"
    r"unveiled|brought online)\b",
    re.I,
)
CONTRACT_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "virtual_ppa",
        re.compile(
            rf"(?i:\b(?:virtual|financial|synthetic)\s+{PPA}|\bcontracts? for differences\b)"
            r"|\bV-?PPAs?\b"
        ),
    ),
    (
        "green_tariff",
        re.compile(
            r"\b(green (?:power |energy )?tariffs?|(?:renewable|clean) (?:energy )?tariffs?|"
            r"renewable (?:energy )?riders?|subscribed to|subscription program|"
            r"(?:signed up for|enrolled (?:[\w'’]+ ){0,4}?in|joined) [^.]{0,60}?\b"
            r"(?:tariff|program|rider)|"
            r"(?:green|renewable|clean) (?:power |energy )?(?:program|option))\b",
            re.I,
        ),
    ),
    (
        "rec_purchase",
        re.compile(
            r"(?i:\brenewable energy (?:credits?|certificates?)|\benergy attribute certificates?|"
            r"\bguarantees? of origin)|\b(?:I-)?RECs?\b"
        ),
    ),
    (
        "physical_ppa",
        re.compile(
            rf"(?i:\b{PPA}|\b(?:to|will) (?:buy|purchase) [^.]{{0,40}}?\b(?:power|electricity|"
            r"output)\b)"
        ),
    ),
    (
        "other",
        re.compile(r"\b(?:energy|power|electricity) supply agreements?\b", re.I),
    ),
)
AGREEMENT_VERB = re.compile(
    r"\b(sign(?:s|ed)?|signed up|entered into|enters into|executed|announced|agree[sd]?|"
    r"will (?:purchase|buy|supply|take)|to (?:purchase|buy|supply)|purchased|bought|contracted|"
    r"subscribed|enrolled|joined|inks?|inked|finali[sz]e[sd]?|select(?:s|ed)|secure[sd]|"
    r"partner(?:s|ed)? with|team(?:s|ed)? (?:up )?with)\b",
    re.I,
)
NOT_AN_AGREEMENT = re.compile(
    r"(?i:\b(plans? to|aims? to|intends? to|seeking|seeks|requests? for proposals|"
    r"terminat\w*|cancel+ed|prices? (?:for|of|rose|fell|were)|letters? of intent|non-binding|"
    r"in talks|negotiat\w*))|\bRFPs?\b|\b(?:acquired|acquires|to acquire|acquisition of) [A-Z]"
    r"|\bha(?:s|ve) (?:bought|purchased|contracted)\b[^.;]{0,80}?\bsince\b"  # a habit, no deal
)
CERTIFICATES = r"(?:renewable energy (?:credits?|certificates?)|RECs?)\b"
BUNDLED_CERTIFICATES = re.compile(  # the credits that come with a PPA's power
    rf"\b(?:associated|bundled|the project['’]s|its share of the)\s+(?:[\w-]+\s+)?{CERTIFICATES}"
    rf"|\b(?:receive|take delivery of|retain)\b[^.;]{{0,60}}?{CERTIFICATES}",
    re.I,
)
SERVES_CUSTOMERS = re.compile(r"\b(?:to serve|for) its (?:[\w-]+ )*(?:customers|ratepayers)\b")


def contract_type_of(sentence: str) -> str | None:
    """The contract a sentence concludes, or None (no contract, or no concluding verb)."""
    if NOT_AN_AGREEMENT.search(sentence):
        return None
    if ONSITE.search(sentence) and ONSITE_VERB.search(sentence):
        return "onsite"
    if not AGREEMENT_VERB.search(sentence):
        return None
    for contract, cue in CONTRACT_CUES:
        if cue.search(sentence):
            bundled = contract == "rec_purchase" and BUNDLED_CERTIFICATES.search(sentence)
            return None if bundled else contract
    return None


# --- company names ------------------------------------------------------------------------------

UPPER = "A-ZÀ-ÖØ-Þ"  # a capital, accented ones included ("Ørsted", "Énergie")
LEGAL = r"(?:Inc\.?|LLC|L\.L\.C\.|Ltd\.?|Limited|Incorporated|Corp\.?|Co\.|LP|L\.P\.|plc)"
# A headline's verb in any case ("X Signs ...", "X AND Y SIGN ...", "X Partners With Y") and its
# Title Case prepositions ("... With Y For Z Solar") are where a name ends, never part of it.
HEADLINE_VERB = (
    r"(?i:(?:sign|ink|agree)(?:s|ed|d|ing)?|(?:announce|enter|select|finalize|expand|add|"
    r"secure|complete|close|strike|unveil|join|begin|break|enroll|subscribe|purchase|procure|"
    r"commit|back|contract|tap)(?:s|d|ed|ing)|(?:reache|launche|buy|goe)s|bought|"
    r"enter(?=\s+into\b)|partner(?:s|ed|ing)?(?=\s+(?:with|on|to)\b)|"
    r"teams?(?=\s+(?:with|up)\b))(?![\w'’-])"
)
TITLE_PREPOSITION = r"(?:And|For|With|From|To|In|On|At|By|Into|Under|Over|Via|As|Through)\b"
_WORD = rf"(?!{HEADLINE_VERB})[{UPPER}][\w'’.&-]*"
_TOKEN = rf"(?:(?!{TITLE_PREPOSITION}){_WORD}|\([A-Z][A-Za-z.]{{1,5}}\))"
NAME = rf"{_WORD}(?:[ \t]+(?:(?:&|of|de|del|la|du)[ \t]+)?{_TOKEN})*(?:,[ \t]+{LEGAL})?"
_NAME = re.compile(NAME)
ABBREVIATED_END = re.compile(r"\b(?:Inc|Corp|Co|Ltd|L\.L\.C|L\.P)\.$", re.I)
ENERGY_WORDS = re.compile(
    r"\b(Energ\w*|Renewables?|Solar|Sol|Sun\w*|Wind\w*|Power|Light|Electric\w*|Edison|"
    r"Utilit\w*|Geothermal|Thermal|Heat|Hydro\w*|Atomic|Nuclear|Clean|Green|Generation|"
    r"Developers?|Photovoltaic|Cooperative|Vientos|E[oó]lic\w*)\b"
)
UTILITY = re.compile(
    r"\b(Power (?:&|and) Light|Light (?:&|and) Power|Electric(?: Company| Cooperative)?|Edison|"
    r"Utilit(?:y|ies)|Public Service|Gas (?:&|and) Electric|Power Company|Cooperative)\b"
)
NOT_A_NAME = frozenset(
    {"The", "A", "An", "It", "Its", "We", "Our", "This", "That", "Both", "Under", "Separately"}
)
# A party described, not named: "a Fortune 500 company", "Global Consumer Goods Company" (a
# headline's Title Case), "an undisclosed buyer", "a leading retailer".
_DESCRIPTOR = (
    r"fortune|global|leading|major|large|largest|big|undisclosed|unnamed|unidentified|"
    r"confidential|anonymous|multinational|international|national|nationwide|regional|"
    r"american|north american|european|u\.s\.|us|well-known|prominent|top|consumer|goods|"
    r"products|technology|tech|retail|industrial|manufacturing|pharmaceutical|food|beverage|"
    r"data|cent(?:er|re)|hyperscale|cloud|software|e-commerce|online|telecommunications|"
    r"telecom|healthcare|financial|services|automotive|chemicals?|logistics|"
    r"investment-grade|commercial|corporate|private|publicly[ -]traded|\d[\d,]*"
)
_UNNAMED_NOUN = (
    r"compan(?:y|ies)|firms?|buyers?|customers?|off-?takers?|corporations?|retailers?|"
    r"manufacturers?|providers?|brands?|operators?|producers?|purchasers?|counterpart(?:y|ies)|"
    r"clients?|enterprises?|hyperscalers?|organizations?"
)
UNNAMED = re.compile(
    rf"(?i:(?:a|an|one|another)\s+(?:(?:{_DESCRIPTOR})[\s-]+)*|(?:(?:{_DESCRIPTOR})[\s-]+)+)"
    rf"(?i:{_UNNAMED_NOUN})\b"
)


def clean_company(raw: str) -> str | None:
    """A name without a sentence's final period (kept after Inc., Corp., ...)."""
    name = re.sub(r"['’]s$", "", raw.strip().rstrip(",;:"))
    if name.endswith(".") and not ABBREVIATED_END.search(name):
        name = name[:-1]
    return None if not name or name in NOT_A_NAME else name


def energy_score(name: str | None) -> int:
    """How much a name reads like an energy company's: 'Apex Clean Energy' 2, 'Apex' 0."""
    return len(ENERGY_WORDS.findall(name)) if name else 0


# --- the document ---------------------------------------------------------------------------------

WIRE = r"(?:BUSINESS WIRE|Business Wire|GLOBE NEWSWIRE|GlobeNewswire|PRNewswire|PR Newswire)"
DATELINE = re.compile(  # "CITY, St., May 4, 2026 /PRNewswire/ --", "CITY--(BUSINESS WIRE)--"
    rf"^(?P<head>[^\n]{{0,120}}?(?:\b(?:19|20)\d{{2}}|(?:--|—)\s*\({WIRE}\)))\s*"
    rf"(?:/[^/\n]{{1,40}}/\s*|\({WIRE}\)\s*)?(?:--|—|–)\s*"
)
DATE_LINE = re.compile(rf"^\s*{FULL_DATE.pattern}\s*$", re.I)
DEFINED_AS_COMPANY = re.compile(rf"({NAME})\s+\((?:the\s+)?[\"“](?:Company|Registrant)[\"”]\)")
DEFINED_ALIAS = re.compile(rf"({NAME})\s+\([\"“](?P<alias>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)?)[\"”]\)")
REGISTRANT_LINE = re.compile(r"^\(Exact name of registrant", re.I)
REPORT_TITLE = re.compile(rf"^({NAME})\s*(?:[—–-]\s*|,\s*)?(?:19|20)\d{{2}}\b")
SELF_REFERENCE = re.compile(r"^(?:[Tt]he (?:Company|company|Registrant)|We|we|It)\b")


@dataclass(frozen=True)
class DocumentContext:
    """What the whole document says, used where a sentence is silent."""

    dateline_date: str | None
    dateline_state: str | None
    date_line: str | None
    year: int | None
    own_name: str | None  # the company "the Company" or "we" means
    aliases: dict[str, str]  # short name → defined full name

    @classmethod
    def of(cls, lines: list[str]) -> DocumentContext:
        text = "\n".join(lines)
        dateline = next((m for m in map(DATELINE.match, lines) if m), None)
        dateline_dates = dates_in(dateline["head"]) if dateline else []
        dateline_states = state_mentions(dateline["head"]) if dateline else []
        date_line = next((m for m in map(DATE_LINE.match, lines[:4]) if m), None)
        return cls(
            dateline_date=dateline_dates[0][1] if dateline_dates else None,
            dateline_state=dateline_states[0][1] if dateline_states else None,
            date_line=dates_in(date_line[0])[0][1] if date_line else None,
            year=document_year(text),
            own_name=own_name(lines),
            aliases={m["alias"]: clean_company(m[1]) or m[1] for m in DEFINED_ALIAS.finditer(text)},
        )


def own_name(lines: list[str]) -> str | None:
    """The company a filing defines as the Company, its registrant line, or a report's title."""
    text = "\n".join(lines)
    defined = DEFINED_AS_COMPANY.search(text)
    if defined:
        return clean_company(defined[1])
    for previous, line in itertools.pairwise(lines):
        if REGISTRANT_LINE.match(line.strip()):
            return clean_company(previous.strip())
    title = REPORT_TITLE.match(lines[0].strip()) if lines else None
    return clean_company(title[1]) if title else None


# --- parties ------------------------------------------------------------------------------------

LEADING_ADVERBIAL = re.compile(
    r"^(?:(?i:On|In|As of|During|Earlier|Later|Separately|Today|Also|Additionally|Meanwhile|"
    rf"Under|Through|With)\b(?:\s+{FULL_DATE.pattern}|[^,]{{0,60}}),\s*)+"
)
LEAD_IN = re.compile(r"^[^:()]{1,100}:\s+")  # "Highlights include: in March 2026, X signed ..."
PARENTHETICAL = re.compile(r"^\s*\([^()]{0,60}\)")
APPOSITIVE = re.compile(r"^,\s+(?:a|an|the|its|which)\b[^,]{0,100},")
COORDINATED = re.compile(r"^(?:,\s+|\s+(?i:and)\s+|,\s+(?i:and)\s+)")
SUPPLIES = re.compile(
    rf"\b(?:will|to|would|agreed to) (?:supply|sell (?:[^.]{{0,40}}?) to)\s+({NAME})"
)
WITH_PARTY = re.compile(rf"\b(?i:with)\s+(?!{UNNAMED.pattern})({NAME})")
OWNS_PROJECT = re.compile(
    r"\b(?:from|for) its (?:[\w'’-]+ ){0,4}?(?:project|farm|plant|facility|portfolio|"
    r"Solar|Wind|Geothermal)\b"
)
UNNAMED_PARTY = re.compile(
    r"\b(?i:with)\s+(?:(?:a|an)\s+(?!\d)[^,.]{0,60}?\b(?:company|firm|buyer|customer)"
    rf"|{UNNAMED.pattern})"
)
SELLER_CUES = (
    re.compile(
        rf"\b(?:built|owned|installed|developed|operated|constructed)"
        rf"(?:\s+and\s+(?:built|owned|installed|developed|operated))?\s+by\s+({NAME})"
    ),
    re.compile(rf"\bdeveloper\s+({NAME})"),
    re.compile(
        rf"\b(?i:select(?:s|ed)|partner(?:s|ed)? with|team(?:s|ed)? (?:up )?with)\s+({NAME})"
    ),
    re.compile(rf"({NAME})['’]s\s+(?:[\w-]+\s+){{0,4}}?(?i:tariffs?|programs?|riders?)\b"),
    re.compile(
        rf"\bfrom\s+(?:[^,.;]{{0,60}}?\bof\s+)?(?:the\s+)?({NAME})(?!\s+(?:project|farm|plant))"
    ),
)


@dataclass(frozen=True)
class Parties:
    buyers: tuple[str | None, ...]
    seller: str | None


def subjects_of(clause: str, context: DocumentContext, first_buyer: str | None) -> list[str | None]:
    """The companies a clause starts with ('X', 'X and Z', 'the Company' resolved); None for
    a party described but not named ('A Fortune 500 company')."""
    reference = SELF_REFERENCE.match(clause)
    if reference:
        own = context.own_name or first_buyer
        return [own] if own else []
    names: list[str | None] = []
    rest = clause
    while True:
        unnamed = UNNAMED.match(rest)
        match = None if unnamed else _NAME.match(rest)
        name = clean_company(match[0]) if match else None
        if unnamed:
            names.append(None)
        elif name:
            names.append(context.aliases.get(name, name))
        else:
            break
        end = (unnamed or match).end()
        rest = skipped(APPOSITIVE, skipped(PARENTHETICAL, rest[end:]))
        joined = COORDINATED.match(rest)
        if not joined:
            break
        rest = rest[joined.end() :]
    return names


def skipped(pattern: re.Pattern[str], text: str) -> str:
    """`text` without what `pattern` matches at its start ("(Nasdaq: META)", ", a maker,")."""
    match = pattern.match(text)
    return text[match.end() :] if match else text


def parties_of(clause: str, context: DocumentContext, first_buyer: str | None) -> Parties | None:
    """Buyers and seller of an agreement clause; None unless a buyer or the seller is named."""
    parties = read_parties(clause, context, first_buyer)
    named = parties and (any(parties.buyers) or parties.seller)
    return parties if named else None


def read_parties(clause: str, context: DocumentContext, first_buyer: str | None) -> Parties | None:
    """Buyers and seller of an agreement clause, by the module's rules."""
    subjects = subjects_of(clause, context, first_buyer)
    supplied = SUPPLIES.search(clause)
    if subjects and supplied:
        return Parties((clean_company(supplied[1]),), subjects[0])
    counterparty = WITH_PARTY.search(clause)
    other = clean_company(counterparty[1]) if counterparty else None
    if subjects and other:
        if subjects == [None]:  # "A Fortune 500 company signed ... with Y"
            return Parties((None,), other)
        if len(subjects) == 1 and (
            OWNS_PROJECT.search(clause) or energy_score(subjects[0]) > energy_score(other)
        ):
            return Parties((other,), subjects[0])
        return Parties(tuple(subjects), other)
    if len(subjects) == 2 and energy_score(subjects[0]) != energy_score(subjects[1]):
        buyer, seller = sorted(subjects, key=energy_score)  # "Meta and Enel Green Power signed"
        return Parties((buyer,), seller)
    seller = next((clean_company(m[1]) for cue in SELLER_CUES if (m := cue.search(clause))), None)
    owner = OWNS_PROJECT.search(clause) or energy_score(subjects[0] if subjects else None) > 0
    if subjects and UNNAMED_PARTY.search(clause) and owner:
        return Parties((None,), subjects[0])
    if subjects:
        return Parties(tuple(subjects), seller if seller not in subjects else None)
    return None


def is_utility_offtake(parties: Parties, contract: str, clause: str) -> bool:
    """A utility buying power for its customers: not a corporate purchase."""
    if contract not in ("physical_ppa", "virtual_ppa"):
        return False
    utility_buyer = any(buyer and UTILITY.search(buyer) for buyer in parties.buyers)
    return utility_buyer or bool(SERVES_CUSTOMERS.search(clause))


# --- fields -------------------------------------------------------------------------------------

CAPACITY = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)[ \t-]*"
    r"(GW|MW|kW|gigawatts?|megawatts?|kilowatts?)\b"
)
MW_PER_UNIT = {"gw": 1000.0, "gigawatt": 1000.0, "mw": 1.0, "megawatt": 1.0}
STORAGE = re.compile(
    r"\b(battery|batteries|energy storage|bess)\b|(?:plus|and|\+)[\s-]+storage\b", re.I
)
PROCUREMENT_TECHNOLOGIES = (
    *((name, STORAGE if name == "storage" else pattern) for name, pattern in TECHNOLOGY_WORDS),
    ("geothermal", re.compile(r"\bgeothermal\b", re.I)),
    ("hydro", re.compile(r"\b(hydro|hydroelectric\w*|hydropower)\b", re.I)),
    ("nuclear", re.compile(r"\b(nuclear|atomic)\b", re.I)),
)
COUNTRIES = {
    "US": r"United States|U\.S\.|USA",
    "CA": r"Canada",
    "MX": r"(?<!New )Mexico",
    "IE": r"Ireland",
    "GB": r"United Kingdom|U\.K\.|England|Scotland|Wales",
    "ES": r"Spain",
    "PT": r"Portugal",
    "FR": r"France",
    "DE": r"Germany",
    "NL": r"Netherlands",
    "BE": r"Belgium",
    "IT": r"Italy",
    "SE": r"Sweden",
    "NO": r"Norway",
    "FI": r"Finland",
    "DK": r"Denmark",
    "PL": r"Poland",
    "IN": r"India",
    "JP": r"Japan",
    "TW": r"Taiwan",
    "SG": r"Singapore",
    "AU": r"Australia",
    "BR": r"Brazil",
    "CL": r"Chile",
    "ZA": r"South Africa",
}
COUNTRY = re.compile(
    "|".join(rf"(?P<{code}>\b(?:{names})(?![\w]))" for code, names in COUNTRIES.items())
)
LOCAL_CONTRACTS = frozenset({"onsite", "green_tariff"})  # where the buyer is, not a project
# A project's own words may look like verbs ("Cimarron Breaks Wind"): only a deal's verb ends one.
DEAL_VERB = r"(?i:(?:sign|ink|agree)(?:s|ed|d)?|announce[sd]|enter(?:s|ed)|selects|secures)\b"
_PROJECT_WORD = rf"(?!(?:MW|GW|kW)\b)(?!{DEAL_VERB})[{UPPER}][\w'’-]*"
_PROJECT_WORDS = rf"(?:{_PROJECT_WORD}(?:[ \t]+(?:(?:and|of|de|del|\+)[ \t]+)?{_PROJECT_WORD})*)"
_DESCRIPTOR = (
    r"(?:(?:offshore[ \t]+wind|solar-plus-storage|solar|wind|geothermal|hydro(?:electric)?|"
    r"nuclear|battery|storage|and|plus)[ \t-]+)*"
)
PROJECT = re.compile(
    rf"\b(?P<lower>{_PROJECT_WORDS})[ \t]+(?P<descriptor>{_DESCRIPTOR})"
    r"(?P<noun>project|wind farm|solar farm|farm|plant|facility|array|park)\b"
    rf"|\b(?:the|its|their)[ \t]+(?P<upper>{_PROJECT_WORDS}[ \t]+"
    r"(?:Farm|Center|Centre|Station|Park|Plant|Ranch|Facility|Project))\b"
)
POWER_PLANT = re.compile(
    r"\b(solar|wind|geothermal|hydro\w*|nuclear|storage|battery|generating|energy|power)\b", re.I
)
DATE_AFTER = re.compile(
    r"\b(expected|scheduled|set|begin|start\w*|online|operation\w*|construction|by|through|until|"
    r"phase|since|from|term)\b[^.,;]{0,30}$",
    re.I,
)
BUYER_MENTION_CUE = re.compile(r"\b(will take|takes|is taking|share|portion)\b", re.I)


def capacity_mw(text: str) -> float | None:
    match = CAPACITY.search(text)
    if not match:
        return None
    number = float(match[1].replace(",", ""))
    unit = match[2].lower().rstrip("s")
    return number * MW_PER_UNIT.get(unit, 0.001)  # kW and kilowatts


def technology_of(text: str) -> str | None:
    found = technologies_in(text, PROCUREMENT_TECHNOLOGIES)
    if len(found) > 1:
        return "multiple"
    return found[0] if found else None


def project_of(text: str) -> str | None:
    """The first named project; a bare "plant" or "facility" must be a power plant."""
    for match in PROJECT.finditer(text):
        name = re.sub(r"^(?:The|A|An|Its)\s+", "", match["lower"] or match["upper"] or "")
        if match["noun"] in ("plant", "facility") and not POWER_PLANT.search(
            f"{name} {match['descriptor']}"
        ):
            continue  # "its Ohio plant", "the Dayton facility": the buyer's own site
        if name and name not in NOT_A_NAME and not re.search(rf"\b{LEGAL}$", name):
            return name
    return None


def country_of(text: str) -> str | None:
    match = COUNTRY.search(text)
    return match.lastgroup if match else None


def sentence_date(text: str, year: int | None) -> str | None:
    """The sentence's own date of the agreement: not a later construction or operation date."""
    for position, value in dates_in(text, year):
        if not DATE_AFTER.search(text[max(0, position - 40) : position]):
            return value
    return None


def without_names(text: str, names: list[str | None]) -> str:
    for name in filter(None, names):
        text = text.replace(name, " ")
    return text


def sentence_fields(
    body: str, contract: str, parties: Parties, context: DocumentContext
) -> dict[str, object]:
    plain = without_names(body, [*parties.buyers, parties.seller])
    states = state_mentions(plain)
    state = states[0][1] if states else None
    if state is None and contract in LOCAL_CONTRACTS:
        state = context.dateline_state
    return {
        "seller_name": parties.seller,
        "project_name": project_of(body),
        "technology": technology_of(plain) or technology_of(body),
        "capacity_mw": capacity_mw(body),
        "contract_type": contract,
        "state": state,
        "country": "US" if state else country_of(plain),
        "announced_date": (
            context.dateline_date or sentence_date(body, context.year) or context.date_line
        ),
    }


# --- assembling events ----------------------------------------------------------------------------


@dataclass
class Draft:
    """An event being assembled from the sentences that mention its buyer."""

    buyer_name: str | None
    quote: str
    fields: dict[str, object] = field(default_factory=dict)

    def fill(self, values: dict[str, object]) -> None:
        for name, value in values.items():
            current = self.fields.get(name)
            if current is None or (name == "seller_name" and is_fuller_name(value, current)):
                self.fields[name] = value

    def take_buyer_name(self, name: str | None) -> None:
        if is_fuller_name(name, self.buyer_name):
            self.buyer_name = name

    def to_event(self) -> ProcurementEvent:
        return ProcurementEvent(buyer_name=self.buyer_name, quote=self.quote, **self.fields)


def is_fuller_name(name: object, than: object) -> bool:
    """'Copperline Telecom Inc.' names 'Copperline' (a headline's short name) in full."""
    if not (isinstance(name, str) and isinstance(than, str)) or len(name) <= len(than):
        return False
    return names_same_company(name, than)


def names_same_company(first: str | None, second: str | None) -> bool:
    """One name is the other, or the other with more words: 'Halcyon Semiconductor, Inc.'."""
    if first is None or second is None:
        return first is second
    keys = sorted((company_key(first) or "", company_key(second) or ""), key=len)
    return bool(keys[0]) and (keys[1] == keys[0] or keys[1].startswith(f"{keys[0]} "))


def draft_for(drafts: list[Draft], buyer: str | None, contract: str) -> Draft | None:
    return next(
        (
            draft
            for draft in drafts
            if draft.fields.get("contract_type") == contract
            and names_same_company(draft.buyer_name, buyer)
        ),
        None,
    )


QUOTED_SPEECH = re.compile(r"^[\"“]")  # a quoted remark reports no agreement of its own


def without_dateline(sentence: str) -> str:
    match = DATELINE.match(sentence)
    return sentence[match.end() :] if match else sentence


def extract_events(text: str) -> list[ProcurementEvent]:
    """Every purchase the rules find in `text`, one per (buyer, contract type); a buyer named
    short in a headline and in full in the body is one buyer, with the full name."""
    lines = trusted_lines(text)
    context = DocumentContext.of(lines)
    drafts: list[Draft] = []
    for sentence in split_sentences(lines):
        if sentence.is_heading or QUOTED_SPEECH.match(sentence.text):
            continue
        body = without_dateline(sentence.text)
        first_buyer = next((d.buyer_name for d in drafts if d.buyer_name), None)
        found = sentence_events(body, context, first_buyer)
        for buyer, values in found:
            draft = draft_for(drafts, buyer, str(values["contract_type"]))
            if draft is None:
                draft = Draft(buyer, sentence.text)
                drafts.append(draft)
            draft.take_buyer_name(buyer)
            draft.fill(values)
        if not found:
            fill_capacity_by_buyer(body, drafts)
    return [draft.to_event() for draft in drafts]


def sentence_events(
    body: str, context: DocumentContext, first_buyer: str | None
) -> list[tuple[str | None, dict[str, object]]]:
    contract = contract_type_of(body)
    if contract is None:
        return []
    clause = LEADING_ADVERBIAL.sub("", body)
    parties = parties_of(clause, context, first_buyer)
    if parties is None and LEAD_IN.match(clause):  # "Highlights: in March, X signed ..."
        clause = LEADING_ADVERBIAL.sub("", skipped(LEAD_IN, clause))
        parties = parties_of(clause, context, first_buyer)
    if parties is None or is_utility_offtake(parties, contract, clause):
        return []
    values = sentence_fields(body, contract, parties, context)
    return [(buyer, values) for buyer in parties.buyers]


def fill_capacity_by_buyer(body: str, drafts: list[Draft]) -> None:
    """'Sterling Paper will take 60 MW and Northwind Foods 40 MW': each buyer's own share."""
    if not BUYER_MENTION_CUE.search(body):
        return
    mentions = sorted(
        (
            (position, draft)
            for draft in drafts
            if draft.buyer_name and (position := body.find(draft.buyer_name.split()[0])) >= 0
        ),
        key=lambda mention: mention[0],
    )
    for index, (position, draft) in enumerate(mentions):
        end = mentions[index + 1][0] if index + 1 < len(mentions) else len(body)
        draft.fill({"capacity_mw": capacity_mw(body[position:end])})
