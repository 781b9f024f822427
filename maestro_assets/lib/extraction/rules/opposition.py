"""The opposition rules: the offline stand-in for the LLM on opposition events.

It reads a document sentence by sentence. A sentence that holds an event cue (a moratorium, a
denial, a lawsuit, ...) in a document about renewable energy becomes an event; its fields come
from patterns in that sentence first and from the document second: the jurisdiction ("Lee
County", "Town of X in Y County", a report entry's lead, a `County:` line), the state (state
names, ", Iowa", AP abbreviations, a `State:` line), technology words, company names (words
before LLC / Inc / Energy, or after "developer"), project names (words before Solar Farm / Wind
Project / Energy Center), dates ("June 22, 2022", "March 2023" → 2023-03, "in 2014" → 2014, a
decision's "Issued:" line) and outcome verbs.

Rules that keep it honest:
- a heading (a line without closing punctuation) or a `Label: value` metadata line never makes
  an event by itself;
- a paragraph that talks like an instruction to a model ("ignore previous instructions",
  "output the following events") is dropped whole: the document is untrusted text;
- a hedged lawsuit ("may appeal", "would sue") or a request to deny is not the act itself;
- events of the same type and jurisdiction in one document are one event: the first sentence
  is its quote, later ones fill empty fields, and a later stage of its outcome (extended,
  lifted, ruled) replaces an earlier one (adopted, filed);
- a hearing in a jurisdiction that also has a decision or rule is part of that event;
- ordinances, moratoria and state laws take project and developer names only from their own
  sentence: they concern every project, not the one the article mentions.

Its quote is always the sentence it matched, sliced from the document, so it is verbatim.
`HeuristicExtractor` (heuristic.py) runs these rules behind the extractor interface.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from maestro_assets.lib.extraction.geography import load_gazetteer, locate, name_key
from maestro_assets.lib.extraction.models import OppositionEvent
from maestro_assets.lib.extraction.text import (
    CAPITALIZED_WORD,
    COMPANY_SUFFIX,
    TECHNOLOGY_WORDS,
    Sentence,
    dates_in,
    document_year,
    split_sentences,
    state_mentions,
    technologies_in,
    trusted_lines,
    words,
)

RULES_VERSION = "rules-2025-06-v1"

# --- lines -------------------------------------------------------------------------------------

_LABEL_LINE = re.compile(r"^(?P<label>[A-Z][A-Za-z /]{1,30}):\s*(?P<value>.*)$")
EVENT_LABELS = frozenset({"description", "value", "summary", "notes"})


def record_fields(lines: list[str]) -> dict[str, str]:
    """`Label: value` lines of a document rendered from a table row (three or more of them)."""
    labelled = [m for m in map(_LABEL_LINE.match, lines) if m]
    if len(labelled) < 3:
        return {}
    return {m["label"].strip().lower(): m["value"].strip() for m in labelled}


def may_hold_event(sentence: Sentence, records: dict[str, str]) -> bool:
    if sentence.is_heading:
        return False
    label = _LABEL_LINE.match(sentence.text)
    return not (records and label and label["label"].strip().lower() not in EVENT_LABELS)


# --- event cues, in priority order: the first that matches names the sentence's event --------

RENEWABLE_CONTEXT = re.compile(
    r"\b(solar|photovoltaic|wind|turbines?|renewable|battery|batteries|energy storage|bess)\b",
    re.I,
)
LEGISLATIVE_ACT = re.compile(
    r"(?i:\b(signed into law|legislature|general assembly|senate bill|house bill|assembly bill)\b)"
    r"|\b(?:S|H|A)\.?B\.? ?\d+\b"
)
STATE_RULE = re.compile(r"(?i:\b(state law|statute|state rule)\b)")
EVENT_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "lawsuit",
        re.compile(
            r"\b(lawsuits?|sued|sues|suing|filed suit|filed (?:a|an) (?:complaint|petition|"
            r"appeal)|petition for (?:judicial )?review|appealed|appeals? (?:to|with|before) "
            r"the|court of (?:appeals|common pleas)|circuit court|district court|superior court|"
            r"supreme court|chancery court|the court|article 78|judge|plaintiffs?|"
            r"dismiss(?:ed|es)?)\b",
            re.I,
        ),
    ),
    (
        "other",
        re.compile(
            r"\b(referendum|ballot (?:measure|question|initiative)|recall (?:vote|election))\b",
            re.I,
        ),
    ),
    (
        "permit_denial",
        re.compile(
            r"\b(denied|denies|deny|denial|rejected|rejects|reject|voted (?:down|against|no "
            r"on)|refused|turned down|declined to (?:approve|issue|grant))\b",
            re.I,
        ),
    ),
    ("state_law", re.compile(f"{LEGISLATIVE_ACT.pattern}|{STATE_RULE.pattern}")),
    ("moratorium", re.compile(r"\b(moratori(?:um|a|ums)|pause[sd]?|halt(?:s|ed)?)\b", re.I)),
    (
        "restrictive_ordinance",
        re.compile(
            r"\b(ordinances?|bylaws?|local law|setbacks?|set back|zoning (?:amendment|change|"
            r"code|rules?|regulations?)|bans?|banned|banning|bar(?:s|red|ring)|"
            r"prohibit(?:s|ed|ing|ion)?|height (?:limit|cap)s?|noise limits?|"
            r"acreage (?:cap|limit)s?|restricted (?:areas?|zones?)|may not exceed|"
            r"(?:adopted|passed|approved) (?:a|new) (?:rules?|regulations?|restrictions?))\b",
            re.I,
        ),
    ),
    (
        "contested_hearing",
        re.compile(
            r"\b(public hearing|evidentiary hearing|adjudicatory hearing|issues conference|"
            r"hearings?|intervenors?|intervened|intervene|party status|opposed|opposing|"
            r"opposition|object(?:s|ed|ing|ions?)?|protest(?:s|ed)?|petition(?:ed)? against|"
            r"raised concerns|(?:asked|urged) .{0,60}?\bto (?:reject|deny))\b",
            re.I,
        ),
    ),
)
NO_EVENT = re.compile(
    r"\bno\b[^.]{0,60}\b(?:were|was|has been|have been) (?:found|identified)", re.I
)
HEDGED_LAWSUIT = re.compile(  # case-sensitive: "may appeal", not "Cape May County filed"
    r"\b(may|might|could|would|will|plans? to|threaten(?:s|ed)? to|consider(?:s|ing)?)"
    r"\s+(?:\w+\s+){0,2}(appeal|sue|challenge|file)"
)
REQUEST_TO_DENY = re.compile(
    r"\b(asked|urged|called on|calling on)\b.{0,80}?\bto (reject|deny)", re.I
)
NEGATED_RULE = re.compile(
    r"\b(?:no|not|never)\s+(?:such|any|a|new)?\s*(?:moratori\w*|pause|ban|ordinance|restrictions?)\b",
    re.I,
)
LOCAL_LEGISLATURE = re.compile(r"\b(?:municipal|county|city|town|village|parish) legislature", re.I)
PROJECT_EVENTS = frozenset({"permit_denial", "lawsuit", "contested_hearing", "other"})
DECISION_EVENTS = frozenset({"permit_denial", "other"})
RULE_EVENTS = frozenset({"moratorium", "restrictive_ordinance", "state_law"})
NAME_FIELDS = frozenset({"project_name", "developer_name"})


def sentence_event_type(sentence: str) -> str | None:
    if NO_EVENT.search(sentence) or NEGATED_RULE.search(sentence):
        return None
    for event_type, cue in EVENT_CUES:
        if cue.search(sentence) and not excluded(event_type, sentence):
            return event_type
    return None


def excluded(event_type: str, sentence: str) -> bool:
    if event_type == "lawsuit":
        return bool(HEDGED_LAWSUIT.search(sentence))
    if event_type == "permit_denial":
        return bool(REQUEST_TO_DENY.search(sentence))
    if event_type == "state_law":
        return bool(LOCAL_LEGISLATURE.search(sentence)) or not is_state_rule(sentence)
    return False


def is_state_rule(sentence: str) -> bool:
    """A legislative act, or a state law or statute in a sentence naming no local body."""
    if LEGISLATIVE_ACT.search(sentence):
        return True
    return bool(STATE_RULE.search(sentence)) and not jurisdictions_in(sentence)


# --- jurisdictions ---------------------------------------------------------------------------

_CAP = r"(?:[A-Z][\w'’.&-]*|de|la|du|of)"
_NAME = rf"[A-Z][\w'’.&-]*(?:[ \t]+{_CAP})*?"
_COUNTY_NAME = rf"{_NAME}[ \t]+(?:County|Parish)"
MUNICIPAL = re.compile(
    rf"\b(?:Town|City|Village|Borough|Township|Municipality) of {_NAME}(?=[\s,.;:)’']|$)"
    rf"|\b{_NAME}[ \t]+Township\b"
)
COUNTY = re.compile(
    rf"\b(?:County|Parish) of {_NAME}(?=[\s,.;:)’']|$)|\b{_COUNTY_NAME}\b(?![ \t]+(?:Road|Line))"
)
COUNTY_AFTER = re.compile(rf"^(?:,[ \t]*|[ \t]+in[ \t]+)({_COUNTY_NAME})\b")
LOWERCASE_COUNTY = re.compile(r"\b([a-z][a-z'.]+(?: [a-z][a-z'.]+)?) (county|parish)\b")
LEADING_NOISE = frozenset(
    words(
        "a an in on the at by for and after before when while from to with as since during under "
        "where said its their both neighboring nearby rural across throughout within residents "
        "voters landowners neighbors citizens opponents people farmers members officials "
        "january february march april may june july august september october november december "
        "monday tuesday wednesday thursday friday saturday sunday"
    )
)
ENTRY_LEAD = re.compile(r"^(?P<lead>[^:\n]{3,120}):\s")
ENTRY_PROJECT_LEAD = re.compile(r"^(?P<project>[^():\n]{3,100}?)\s*\((?P<place>[^()\n]+)\):\s")


def clean_name(name: str) -> str:
    """Without leading filler ('In', 'the', 'Residents of') or a possessive 's."""
    tokens = name.strip(" ,.;:").split()
    while tokens and (tokens[0].lower().strip(",") in LEADING_NOISE or tokens[0] == "of"):
        tokens.pop(0)
    return re.sub(r"['’]s$", "", " ".join(tokens))


def jurisdictions_in(text: str) -> list[tuple[int, str]]:
    """(position, name) of each jurisdiction named in `text`; a town keeps its county."""
    found: list[tuple[int, str]] = []
    covered: list[range] = []
    for match in MUNICIPAL.finditer(text):
        name = clean_name(match[0])
        county = COUNTY_AFTER.match(text[match.end() :])
        if county:
            name = f"{name} ({clean_name(county[1])})"
            covered.append(range(match.end(), match.end() + county.end()))
        found.append((match.start(), name))
    for match in COUNTY.finditer(text):
        if not any(match.start() in span for span in covered):
            found.append((match.start(), county_name(match[0])))
    return sorted((position, name) for position, name in found if len(name.split()) >= 2)


def county_name(raw: str) -> str:
    """'Residents of Freeborn County' → 'Freeborn County'; 'Isle of Wight County' stays."""
    name = clean_name(raw)
    if " of " in name and not name.lower().startswith(("county of", "parish of")):
        whole, last = name, name.rsplit(" of ", 1)[1]
        return whole if load_gazetteer().county(None, whole) else last
    return name


def first_jurisdiction(text: str) -> str | None:
    found = jurisdictions_in(text)
    return found[0][1] if found else None


def lowercase_county(text: str, state: str | None) -> str | None:
    """A county written in lower case ('the lee county board'), if it exists in `state`."""
    if state is None:
        return None
    for match in LOWERCASE_COUNTY.finditer(text):
        tokens = match[1].split()
        for size in (1, 2):
            name = " ".join(tokens[-size:]) + " " + match[2]
            if len(tokens) >= size and locate(name, state).county_fips:
                return name
    return None


# --- states -------------------------------------------------------------------------------------


def document_state(lines: list[str], records: dict[str, str]) -> str | None:
    labelled = load_gazetteer().state_code(records.get("state"))
    if labelled:
        return labelled
    mentions = [code for line in lines for _, code in state_mentions(line)]
    if not mentions:
        return None
    counts = Counter(mentions)
    best = max(counts.values())
    return next(code for code in mentions if counts[code] == best)  # most named, then first


# --- technology, organizations, projects -----------------------------------------------------

ALL_RENEWABLES = re.compile(r"\b(renewable energy|renewables?)\b", re.I)


def technology_of(sentence: str, document_text: str) -> str | None:
    found = technologies_in(sentence)
    if len(found) > 1:
        return "multiple"
    if found:
        return found[0]
    if ALL_RENEWABLES.search(sentence):
        return "multiple"
    found = technologies_in(document_text)
    return dominant_technology(found, document_text) if found else None


def dominant_technology(found: list[str], text: str) -> str:
    counts = {name: len(p.findall(text)) for name, p in TECHNOLOGY_WORDS if name in found}
    ranked = sorted(counts.values(), reverse=True)
    if len(ranked) == 1 or ranked[0] >= 3 * ranked[1]:
        return max(counts, key=counts.__getitem__)
    return "multiple"


ENERGY_COMPANY = re.compile(
    rf"\b((?:{CAPITALIZED_WORD}\s+){{0,3}}(?:Energy|Renewables|Power|Solar|Wind)"
    r"(?:\s+(?:Resources|Development|Group|Partners|Holdings|Americas|North America|"
    r"Developers?|Ventures))+)\b"
    rf"|\b((?:{CAPITALIZED_WORD}\s+){{0,3}}(?:Renewables|Energy))\b(?!\s+(?:Center|Facility|Project|Farm|"
    r"Park|Station|Storage|Siting|Board|Commission|Department|Office|Act|Law|Policy|Code|"
    r"Conversion|Systems?|Facilities|LLC|Inc))"
)
DEVELOPER_CUE = re.compile(
    rf"\b(?:developer|developed by|proposed by|owned by)\s*,?\s+((?:{CAPITALIZED_WORD}\s?){{1,5}})"
)
NOT_A_COMPANY = re.compile(
    r"\b(County|Parish|Township|Town|City|Village|Board|Commission|Council|Court|Department|"
    r"Office|Agency|Authority|Administration|Siting|Association|Coalition|Citizens|Residents|"
    r"Committee|University|Project|Farm|Facility|Center|State|Public|Legislature|Senate|"
    r"Assembly|Governor|Supervisors|Commissioners|Planning|Zoning|Utilities)\b"
)
GOVERNMENT = re.compile(
    r"\b(County|Parish|Township|Town|City|Village|Board|Commission|Council|Court|Department|"
    r"Office|Agency|Coalition|Citizens|Residents|Legislature|Supervisors|Commissioners)\b"
)
GENERIC_ENERGY = re.compile(
    r"^(?:(?:Renewable|Clean|Solar|Wind|Energy|Battery|Commercial|Utility|Large|New|Its|The)\s+)*"
    r"(?:Renewable Energy|Clean Energy|Energy|Renewables|Power|Solar|Wind|Storage)$"
)


def developers_in(text: str) -> list[tuple[int, str]]:
    """(position, name) of company names, the longest where several overlap."""
    found: list[tuple[int, int, str]] = []
    for pattern in (COMPANY_SUFFIX, ENERGY_COMPANY, DEVELOPER_CUE):
        for match in pattern.finditer(text):
            start = match.start(match.lastindex or 0)
            name = clean_company(match[match.lastindex or 0])
            if name:
                found.append((start, start + len(name), name))
    return longest_spans(found)


def longest_spans(found: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    kept: list[tuple[int, int, str]] = []
    for start, end, name in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if not any(start < k_end and k_start < end for k_start, k_end, _ in kept):
            kept.append((start, end, name))
    return [(start, name) for start, _, name in kept]


def clean_company(raw: str) -> str | None:
    name = re.sub(r"^(?:The|A|An|Its|Their)\s+", "", clean_name(raw))
    if raw.strip().endswith(".") and re.search(r"\b(Inc|Corp|Co|Ltd|L\.L\.C|L\.P)$", name):
        name += "."
    if len(name) < 3 or NOT_A_COMPANY.search(name) or GENERIC_ENERGY.match(name):
        return None
    return name


ORGANIZATION_BEFORE = re.compile(  # "Bath Residents for Safe Storage" names a group, not a project
    r"\b(?:Residents|Citizens|Neighbors|Friends|Coalition|Alliance|Committee|Association)\s+"
    r"(?:for|against|of)\s+$"
)
PROJECT_NAME = re.compile(
    rf"\b((?:{CAPITALIZED_WORD}\s+){{1,4}}(?:Solar|Wind|Storage|Energy|Battery|BESS)"
    r"(?:\s+(?:Farm|Project|Energy Center|Energy Facility|Facility|Park|Center|Energy Project|"
    r"Energy Storage|Ranch|Station))?)(?=\s+(?:project|farm|facility|proposal|array|plant|"
    r"battery)\b|\s*[,.;:)]|\s+(?:would|will|was|is|has|in|on|near|by|proposed)\b)"
    rf"|\b((?:{CAPITALIZED_WORD}\s+){{1,4}}(?:Solar|Wind)\s+"
    r"(?:Farm|Project|Energy Center|Energy Facility|Facility|Park|Center|Energy Project))\b"
)


def projects_in(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for match in PROJECT_NAME.finditer(text):
        name = re.sub(r"^(?:The|A|An|Its|Their)\s+", "", clean_name(match[match.lastindex or 0]))
        before = text[max(0, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 8]
        if (
            not ORGANIZATION_BEFORE.search(before)
            and not re.match(r",?\s+(?:LLC|Inc|LP|Corp)\b", after)
            and len(name.split()) >= 2
            and not COMPANY_SUFFIX.search(name + " ")
            and not GOVERNMENT.search(name)
            and not GENERIC_ENERGY.match(name)
            and not re.search(r"\b(Energy|Renewables|Power)$", name)
        ):
            found.append((match.start(), name))
    return found


# --- dates --------------------------------------------------------------------------------------

DECISION_DATE = re.compile(
    r"^(?:Issued|Dated|Filed|Decided|Entered in the Journal on|Entered)\s*:?\s*(?P<date>.+)$"
)
RECORD_YEAR_LABELS = ("year", "ordinance year")


def decision_date(lines: list[str], records: dict[str, str]) -> str | None:
    """The date a decision or filing was issued, or a table row's year."""
    for line in lines:
        match = DECISION_DATE.match(line.strip())
        if match:
            dates = dates_in(match["date"])
            if dates:
                return dates[0][1]
    for label in RECORD_YEAR_LABELS:
        if re.fullmatch(r"(19|20)\d{2}", records.get(label, "")):
            return records[label]
    return None


# --- outcomes -----------------------------------------------------------------------------------

_RULED_AGAINST = re.compile(
    r"\b(upheld|upholds|upholding|affirmed)\b[^.]{0,40}?\b(denial|ordinance|moratorium|ban|"
    r"restrictions?|zoning|setback|decision to deny)",
    re.I,
)
_RULED_FOR = re.compile(
    r"\b((?:overturned|struck down|reversed|invalidated|vacated|annulled|voided)\b|"
    r"sided with the (?:developer|company)|ruled in favor of the (?:developer|company)|"
    r"(?:upheld|affirmed) the (?:approval|permit|certificate|special exception|special use "
    r"permit|conditional use permit|variance)|dismissed the (?:lawsuit|suit|case|appeal|"
    r"petition|challenge)|(?:lawsuit|suit|case|appeal|petition|challenge|complaint) "
    r"(?:is|was) (?:\w+ )?dismissed)",
    re.I,
)
WITHDRAWN = (
    "withdrawn",
    re.compile(r"\b(withdr[ae]w|withdrawn|abandon(?:ed|s)?|pulled out|cancel+ed|scrapped)\b", re.I),
)
RESCINDED = (
    "rescinded",
    re.compile(r"\b(lift(?:ed|s)?|repealed|rescinded|expired|let (?:it|the \w+) expire)\b", re.I),
)
EXTENDED = ("extended", re.compile(r"\b(extend(?:ed|s)?|extension|renewed)\b", re.I))
ADOPTED = (
    "adopted",
    re.compile(
        r"\b(adopted|adopts|passed|enacted|approved|imposed|instituted|voted\b[^.]{0,40}?\bto "
        r"(?:adopt|approve|enact|impose|ban|prohibit|restrict)|signed|took effect|went into "
        r"effect|amended|established|increased|raised|designated|bans|prohibits|requires|"
        r"limits)\b",
        re.I,
    ),
)
PROPOSED = (
    "proposed",
    re.compile(
        r"\b(propos\w*|consider\w*|draft\w*|introduced|would|will (?:vote|consider|hold|begin|"
        r"be held|take place|have)|scheduled|pending|plans? to|weighing|tabled|postponed|"
        r"goes to the governor)\b",
        re.I,
    ),
)
FILED = ("filed", re.compile(r"\b(filed|sued|sues|suing|lawsuit|appealed|challeng\w+)\b", re.I))
DENIED = (
    "denied",
    re.compile(
        r"\b(denied|denies|deny|denial|rejected|rejects|voted (?:down|against|no on)|refused|"
        r"turned down|declined to)\b",
        re.I,
    ),
)
APPROVED = (
    "approved",
    re.compile(
        r"\b(approved|grants? the (?:siting )?(?:permit|certificate)|granted (?:a|the) "
        r"(?:siting )?(?:permit|certificate))\b",
        re.I,
    ),
)
# Per event type, the outcomes in order of stage: a later stage wins within a sentence, and
# replaces an earlier stage found in an earlier sentence of the same event.
OUTCOME_STAGES: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    "moratorium": (RESCINDED, EXTENDED, ADOPTED, PROPOSED),
    "restrictive_ordinance": (RESCINDED, ADOPTED, PROPOSED),
    "state_law": (RESCINDED, PROPOSED, ADOPTED),
    "permit_denial": (WITHDRAWN, DENIED),
    "lawsuit": (
        ("ruled_against_project", _RULED_AGAINST),
        ("ruled_for_project", _RULED_FOR),
        FILED,
    ),
    "contested_hearing": (WITHDRAWN, DENIED, APPROVED, PROPOSED),
    "other": (WITHDRAWN, DENIED, ADOPTED, PROPOSED),
}


def outcome_of(event_type: str, sentence: str) -> str | None:
    for outcome, cue in OUTCOME_STAGES[event_type]:
        if cue.search(sentence):
            return outcome
    return None


def stage(event_type: str, outcome: str | None) -> int:
    """Lower is later; None is the earliest of all."""
    names = [name for name, _ in OUTCOME_STAGES[event_type]]
    return names.index(outcome) if outcome in names else len(names)


# --- assembling events ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentContext:
    """What the whole document says, used where a sentence is silent."""

    text: str
    state: str | None
    lead_jurisdiction: str | None
    lead_project: str | None
    year: int | None
    decision_date: str | None
    developer: str | None
    project: str | None

    @classmethod
    def of(cls, lines: list[str]) -> DocumentContext:
        text = "\n".join(lines)
        records = record_fields(lines)
        state = document_state(lines, records)
        lead_jurisdiction, lead_project = entry_lead(lines, state)
        developers = developers_in(text)
        projects = projects_in(text)
        return cls(
            text=text,
            state=state,
            lead_jurisdiction=(
                lead_jurisdiction
                or record_jurisdiction(records)
                or first_jurisdiction(text)
                or lowercase_county(text, state)
            ),
            lead_project=lead_project,
            year=document_year(text),
            decision_date=decision_date(lines, records),
            developer=developers[0][1] if developers else None,
            project=projects[0][1] if projects else None,
        )


def record_jurisdiction(records: dict[str, str]) -> str | None:
    for label in ("jurisdiction", "city/town", "county"):
        if records.get(label):
            return records[label]
    return None


def entry_lead(lines: list[str], state: str | None) -> tuple[str | None, str | None]:
    """A report entry's 'Jurisdiction:' or 'Project (County):' lead, from its first such line."""
    for line in lines:
        match = ENTRY_PROJECT_LEAD.match(line)
        if match:
            lead, place = match["project"].strip(), match["place"].strip()
            if MUNICIPAL.fullmatch(lead):
                return f"{lead} ({place})", None
            return (first_jurisdiction(place) or place), lead
        match = ENTRY_LEAD.match(line)
        if not match or record_fields(lines):
            continue
        lead = match["lead"].strip()
        if jurisdictions_in(lead):
            return first_jurisdiction(lead), None
        if locate(lead, state).county_fips or load_gazetteer().state_code(lead):
            return lead, None
    return None, None


def sentence_jurisdiction(event_type: str, sentence: str, context: DocumentContext) -> str | None:
    """The sentence's own jurisdiction, else the document's lead; the lead's fuller form
    ("Town of X (Y County)") wins when both name the same place."""
    if event_type == "state_law":
        states = state_mentions(sentence)
        code = states[0][1] if states else context.state
        return load_gazetteer().state_names.get(code) if code else None
    lead = ENTRY_PROJECT_LEAD.match(sentence) or ENTRY_LEAD.match(sentence)
    body = sentence[lead.end() :] if lead else sentence
    own = first_jurisdiction(body)
    lead = context.lead_jurisdiction
    if own is None or (lead is not None and same_place(own, lead) and len(lead) > len(own)):
        return lead
    return own


def same_place(one: str, other: str) -> bool:
    return place_key(one) == place_key(other)


def place_key(jurisdiction: str) -> str:
    return name_key(re.sub(r"\(.*?\)", "", jurisdiction))


@dataclass
class Draft:
    """An event being assembled from the sentences that mention it."""

    event_type: str
    jurisdiction: str
    quote: str
    fields: dict[str, str | None] = field(default_factory=dict)

    def add_sentence(self, values: dict[str, str | None], first: bool) -> None:
        """Fill empty fields; an outcome of a later stage replaces an earlier one."""
        for name, value in values.items():
            if value is None or (
                name in NAME_FIELDS and not first and self.event_type in RULE_EVENTS
            ):
                continue  # a rule's own sentence names what it concerns, if anything
            current = self.fields.get(name)
            later = name == "outcome" and stage(self.event_type, value) < stage(
                self.event_type, current
            )
            if current is None or later:
                self.fields[name] = value

    def to_event(self) -> OppositionEvent:
        return OppositionEvent(
            jurisdiction=self.jurisdiction,
            state=self.fields.get("state"),
            county_fips=None,  # run.py resolves the county from the jurisdiction
            event_type=self.event_type,
            technology=self.fields.get("technology"),
            project_name=self.fields.get("project_name"),
            developer_name=self.fields.get("developer_name"),
            event_date=self.fields.get("event_date"),
            outcome=self.fields.get("outcome"),
            quote=self.quote,
        )


def sentence_fields(
    event_type: str, sentence: str, context: DocumentContext
) -> dict[str, str | None]:
    states = state_mentions(sentence)
    dates = dates_in(sentence, context.year)
    developers = developers_in(sentence)
    projects = projects_in(sentence)
    return {
        "state": states[0][1] if states else context.state,
        "technology": technology_of(sentence, context.text),
        "project_name": projects[0][1] if projects else None,
        "developer_name": developers[0][1] if developers else None,
        "event_date": dates[0][1] if dates else None,
        "outcome": outcome_of(event_type, sentence),
    }


def draft_key(event_type: str, jurisdiction: str) -> tuple[str, str]:
    return event_type, place_key(jurisdiction)


def extract_events(text: str) -> list[OppositionEvent]:
    """Every event the rules find in `text`, one per (event type, jurisdiction)."""
    lines = trusted_lines(text)
    if not RENEWABLE_CONTEXT.search("\n".join(lines)):
        return []
    context = DocumentContext.of(lines)
    records = record_fields(lines)
    drafts: dict[tuple[str, str], Draft] = {}
    for sentence in split_sentences(lines):
        if not may_hold_event(sentence, records):
            continue
        event_type = sentence_event_type(sentence.text)
        jurisdiction = event_type and sentence_jurisdiction(event_type, sentence.text, context)
        if not jurisdiction:
            continue
        key = draft_key(event_type, jurisdiction)
        first = key not in drafts
        draft = drafts.setdefault(key, Draft(event_type, jurisdiction, sentence.text))
        draft.add_sentence(sentence_fields(event_type, sentence.text, context), first)
    return [finish(draft, context).to_event() for draft in without_folded_hearings(drafts)]


def without_folded_hearings(drafts: dict[tuple[str, str], Draft]) -> list[Draft]:
    """Drop a hearing where the same jurisdiction decided (denial, vote) in this document."""
    decided = {place for (event_type, place) in drafts if event_type in DECISION_EVENTS}
    return [
        draft
        for (event_type, place), draft in drafts.items()
        if event_type != "contested_hearing" or place not in decided
    ]


def finish(draft: Draft, context: DocumentContext) -> Draft:
    """Fill what the event's sentences left empty from the document as a whole."""
    fallback: dict[str, str | None] = {"event_date": context.decision_date}
    if draft.event_type in PROJECT_EVENTS:
        fallback |= {
            "project_name": context.lead_project or context.project,
            "developer_name": context.developer,
        }
    if draft.event_type in RULE_EVENTS:
        fallback["outcome"] = "adopted"  # a rule stated as in force, with no verb of its own
    for name, value in fallback.items():
        if draft.fields.get(name) is None:
            draft.fields[name] = value
    return draft
