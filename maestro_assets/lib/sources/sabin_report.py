"""Sabin Center, "Opposition to Renewable Energy Facilities in the United States": the annual
Word report, one row per entry.

The report is a Word file (docx: a zip of OOXML parts) read here with the standard library:
`word/styles.xml` names each paragraph style, `word/document.xml` holds the paragraphs and
`word/footnotes.xml` the citations. Its outline:
- a title page (`May 2023 Edition`) and a table of contents (paragraphs styled `toc 1`);
- `Introduction`, then one Heading 1 per state (some with stray spaces: ` Georgia `), a
  state's first paragraphs sometimes a `Note on state preemption …` that is not an entry;
- under each state, Heading 2 `State-Level Restrictions`, `Local Restrictions` and
  `Contested Projects` (editions of 2021 said `Local Laws/Ordinances`), each holding Heading 3
  buckets (`New Entries (Post-March 2022 Developments)`, `Existing Entries (Updated)` …) or a
  statement that nothing was found (`No contested projects were found at this time.`);
- an entry is a paragraph (style Normal, List Paragraph or a copy such as Normal1) that begins
  with its lead and a colon: a jurisdiction (`Lee County:`, `Town of Dunn (Dane County):`) or
  `Project (County):` (`Pronghorn Solar Park (Pueblo County):`, `… (N/A):`); paragraphs
  without a lead continue the entry above. State-level entries have no lead: each paragraph
  is one entry (`In 2017, the Legislature enacted …`).
Footnote references in an entry point to its sources (articles, minutes, URLs); their text is
kept with the entry. Entry text is untrusted narrative: it is carried as data, never read as
anything else.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin
from xml.etree import ElementTree

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.errors import FetchError, FormatError, SchemaError
from maestro_assets.lib.formats import require_content
from maestro_assets.lib.http import SourceClient, SourceRequest, SourceResponse
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.months import MONTH_NAMES, month_end
from maestro_assets.lib.sources.adapter import SourceAdapter
from maestro_assets.lib.spreadsheet import SHEET, SOURCE_ROW, column_name

SPEC = SourceSpec(
    source_id="sabin_report",
    title="Opposition to Renewable Energy Facilities in the United States (annual report)",
    publisher="Sabin Center for Climate Change Law, Columbia Law School",
    landing_url=(
        "https://climate.law.columbia.edu/content/opposition-renewable-energy-facilities-united-states"
    ),
    requests=(
        "GET the report's landing page, take the newest edition's Word file (.docx) among the "
        "linked .docx/.pdf files, GET it"
    ),
    file_format="docx",
    cadence=Cadence.ANNUAL,
    expected_coverage=(
        "All 50 states: state-level restrictions, local restrictions (ordinances, moratoria, "
        "bans) and contested projects (permit denials, lawsuits, contested hearings, "
        "withdrawals), each a researched narrative with footnoted sources, often naming the "
        "developer; the 2023 edition counts 228 local restrictions, 9 state-level "
        "restrictions and 293 contested projects"
    ),
    known_gaps=(
        "Annual, and an edition's research ends weeks before it is posted; narrative only: "
        "event type, date, developer and outcome must be extracted from the text; the lead "
        "names a county, a town or a project with its county in parentheses, sometimes "
        "several counties or `N/A`; the file states only its edition month (`May 2023 "
        "Edition`), not a day; some contested entries cover several projects (the 2023 "
        "edition's 279 contested entries describe the 293 projects it counts); no stable file "
        "URL (each edition is linked from the landing page, some editions only as PDF, which "
        "this parser does not read); DC is not covered"
    ),
    # B: researched by the law school's staff and footnoted entry by entry, but compiled
    # second-hand from news, minutes and filings, and only once a year.
    reliability="B",
    license="Public report of the Sabin Center for Climate Change Law; cite the Sabin Center",
    raw_table="raw.sabin_report__entries",
    domain="opposition",
)

LANDING_REQUEST = SourceRequest(SPEC.landing_url)

# --- the landing page ----------------------------------------------------------------------------

REPORT_LINK = re.compile(
    r"""<a\b[^>]*?href=["']([^"']+?\.(docx|pdf))(?:[?#][^"']*)?["'][^>]*>(.*?)</a>""",
    re.IGNORECASE | re.DOTALL,
)
EDITION_IN_TEXT = re.compile(rf"\b({'|'.join(MONTH_NAMES)})[\s_-]+(\d{{4}})\b", re.IGNORECASE)
YEAR_IN_TEXT = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@dataclass(frozen=True)
class ReportLink:
    url: str
    kind: str  # docx | pdf
    edition: tuple[int, int]  # (year, month); month 0 when only the year is known


def link_edition(text: str) -> tuple[int, int]:
    """(year, month) an edition's link names, in its URL or its anchor text."""
    match = EDITION_IN_TEXT.search(text)
    if match:
        return int(match.group(2)), MONTH_NAMES.index(match.group(1).lower()) + 1
    years = [int(year) for year in YEAR_IN_TEXT.findall(text)]
    return (max(years), 0) if years else (0, 0)


def report_links(landing_html: str, landing_url: str = SPEC.landing_url) -> list[ReportLink]:
    """Every Word or PDF file the landing page links, with the edition it names."""
    links = []
    for href, kind, anchor in REPORT_LINK.findall(landing_html):
        anchor_text = re.sub(r"<[^>]+>", " ", anchor)
        edition = link_edition(f"{href} {anchor_text}")
        links.append(ReportLink(urljoin(landing_url, href), kind.lower(), edition))
    return links


def newest_report(links: list[ReportLink]) -> ReportLink | None:
    """The newest edition's file, the Word file when that edition has one."""
    if not links:
        return None
    return max(links, key=lambda link: (link.edition, link.kind == "docx"))


def fetch(client: SourceClient, vintage: date) -> list[SourceResponse]:
    """The landing page, then the newest edition's Word file it links to."""
    landing = client.get_ok(LANDING_REQUEST, vintage=vintage)
    chosen = newest_report(report_links(landing.content.decode("utf-8", "replace"), landing.url))
    if chosen is None:
        raise FetchError(SPEC.source_id, landing.url, "no .docx or .pdf report file is linked")
    if chosen.kind != "docx":
        raise FetchError(
            SPEC.source_id,
            chosen.url,
            "the newest edition is linked only as a PDF; this parser reads the Word edition "
            "(import a .docx copy with `maestro import`)",
        )
    return [client.get_ok(SourceRequest(chosen.url), vintage=vintage)]


# --- reading the Word file -----------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
DOCX_MAGIC = b"PK\x03\x04"
DOCUMENT_PART = "word/document.xml"
STYLES_PART = "word/styles.xml"
FOOTNOTES_PART = "word/footnotes.xml"
MAX_PART_BYTES = 64 * 1024 * 1024  # a larger XML part is a zip bomb, not a report
DEFAULT_STYLE = "normal"
# Elements whose text is not the paragraph's: properties, deleted or moved-away text, field
# codes, text boxes (their own paragraphs), the fallback copy of alternate content.
NOT_TEXT = frozenset(
    {
        f"{W}pPr",
        f"{W}rPr",
        f"{W}delText",
        f"{W}moveFrom",
        f"{W}instrText",
        f"{W}txbxContent",
        f"{W}p",
        MC_FALLBACK,
    }
)
SPACES = frozenset({f"{W}tab", f"{W}br", f"{W}cr", f"{W}ptab"})


@dataclass(frozen=True)
class Paragraph:
    ordinal: int  # 1-based position among the body's paragraphs, title page and TOC included
    style: str  # the style's name, lower case (`heading 1`, `list paragraph`, `toc 1`)
    text: str  # whitespace folded to single spaces, trimmed
    footnotes: tuple[str, ...] = ()  # ids of the footnotes it references


def require_docx(content: bytes, location: str) -> zipfile.ZipFile:
    """The file as an open zip archive, or a FormatError saying what it is instead."""
    require_content(content, "a Word document (docx)", SPEC.source_id, location)
    if not content.startswith(DOCX_MAGIC):
        head = content[:16].decode("latin-1").encode("unicode_escape").decode()
        raise FormatError(
            SPEC.source_id, location, f"not a Word document (a zip file); it starts with {head!r}"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise FormatError(
            SPEC.source_id, location, f"truncated or corrupt docx ({len(content)} bytes: {exc})"
        ) from None
    if DOCUMENT_PART not in names:
        raise FormatError(
            SPEC.source_id, location, f"zip file is not a Word document (no {DOCUMENT_PART})"
        )
    return archive


def read_part(archive: zipfile.ZipFile, name: str, location: str) -> ElementTree.Element | None:
    """One XML part parsed, None when the document has no such part."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise FormatError(
            SPEC.source_id, location, f"{name} unpacks to {info.file_size} bytes; refused"
        )
    try:
        data = archive.read(info)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        raise FormatError(SPEC.source_id, location, f"corrupt docx part {name} ({exc})") from None
    if b"<!DOCTYPE" in data:  # never in a Word part; refusing it rules out entity expansion
        raise FormatError(SPEC.source_id, location, f"{name} declares a DTD; refused")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise FormatError(SPEC.source_id, location, f"{name} is not valid XML ({exc})") from None


def style_names(styles: ElementTree.Element | None) -> dict[str, str]:
    """Paragraph style id -> its name in lower case (`Heading1` -> `heading 1`)."""
    if styles is None:
        return {}
    names = {}
    for style in styles.iter(f"{W}style"):
        name = style.find(f"{W}name")
        if name is not None and name.get(f"{W}val"):
            names[style.get(f"{W}styleId", "")] = name.get(f"{W}val", "").strip().lower()
    return names


def folded(text: str) -> str:
    return " ".join(text.split())


def element_text(element: ElementTree.Element) -> str:
    """The visible text of a paragraph or run, without text that is not its own."""
    parts: list[str] = []

    def walk(node: ElementTree.Element) -> None:
        for child in node:
            if child.tag == f"{W}t":
                parts.append(child.text or "")
            elif child.tag in SPACES:
                parts.append(" ")
            elif child.tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif child.tag not in NOT_TEXT:
                walk(child)

    walk(element)
    return folded("".join(parts))


def body_paragraphs(node: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """The paragraphs of the body in reading order, inside content controls and tables too,
    but not the paragraphs of text boxes nested in another paragraph."""
    for child in node:
        if child.tag == f"{W}p":
            yield child
        else:
            yield from body_paragraphs(child)


def paragraph_style(paragraph: ElementTree.Element, names: Mapping[str, str]) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    if style is None:
        return DEFAULT_STYLE
    style_id = style.get(f"{W}val", "")
    return names.get(style_id, style_id.lower())


def footnote_ids(paragraph: ElementTree.Element) -> tuple[str, ...]:
    return tuple(
        ref.get(f"{W}id", "")
        for ref in paragraph.iter(f"{W}footnoteReference")
        if ref.get(f"{W}id") is not None
    )


def document_paragraphs(archive: zipfile.ZipFile, location: str) -> list[Paragraph]:
    document = read_part(archive, DOCUMENT_PART, location)
    body = document.find(f"{W}body") if document is not None else None
    if body is None:
        raise FormatError(SPEC.source_id, location, f"{DOCUMENT_PART} has no body")
    names = style_names(read_part(archive, STYLES_PART, location))
    return [
        Paragraph(ordinal, paragraph_style(p, names), element_text(p), footnote_ids(p))
        for ordinal, p in enumerate(body_paragraphs(body), start=1)
    ]


def footnote_texts(archive: zipfile.ZipFile, location: str) -> dict[str, str]:
    """Footnote id -> its text (separators and other typed notes left out)."""
    footnotes = read_part(archive, FOOTNOTES_PART, location)
    if footnotes is None:
        return {}
    return {
        note.get(f"{W}id", ""): folded(" ".join(element_text(p) for p in body_paragraphs(note)))
        for note in footnotes.iter(f"{W}footnote")
        if note.get(f"{W}type") in (None, "normal")
    }


# --- the outline ---------------------------------------------------------------------------------

STATE_LEVEL = "state_level_restrictions"
LOCAL = "local_restrictions"
CONTESTED = "contested_projects"
SECTIONS = (STATE_LEVEL, LOCAL, CONTESTED)
# Heading 2 text (as `column_name` folds it) -> section; older editions used other words.
SECTION_BY_HEADING = {
    "state_level_restrictions": STATE_LEVEL,
    "local_restrictions": LOCAL,
    "local_laws_ordinances": LOCAL,
    "contested_projects": CONTESTED,
}
HEADING = re.compile(r"^heading\s*([1-9])$")
NO_FINDINGS = re.compile(r"^No\b.{0,120}\b(?:was|were) found\b", re.IGNORECASE)


def heading_level(style: str) -> int | None:
    match = HEADING.match(style)
    return int(match.group(1)) if match else None


def is_table_of_contents(style: str) -> bool:
    return style.startswith("toc")


# --- leads ---------------------------------------------------------------------------------------

LEAD = re.compile(r"^(?P<lead>[^:]{2,200}?)\s*:(?:\s+|$)(?P<rest>.*)$", re.DOTALL)
# Lower-case words a lead may hold (`Town of Dunn`, `… f/k/a Chelsea Solar`,
# `… formerly known as Maine Aqua Ventus`); a sentence has many other lower-case words.
LEAD_CONNECTORS = frozenset(
    ("of", "and", "the", "in", "on", "at", "for", "to", "a", "an", "as", "near", "by", "de",
     "la", "del", "formerly", "known", "f/k/a", "a/k/a", "d/b/a")
)  # fmt: skip
MAX_OTHER_LOWERCASE_WORDS = 1  # `Oneida groSolar Project`
NOT_A_LEAD = ("Note", "Update")  # `Note on state preemption of local restrictions:`
PARENTHETICAL_END = re.compile(r"^(?P<name>.*?)\s*\((?P<inner>[^()]*)\)$")
COUNTY_WORDS = re.compile(r"\b(?:County|Counties|Parish|Parishes|Borough|Boroughs|Census Area)$")


def looks_like_lead(candidate: str) -> bool:
    """A title-like name (`Lee County`, `Grant Line Solar Project (Alameda County)`), not
    the start of a sentence (`In 2017, the Legislature … provides that`)."""
    if not candidate[:1].isupper() and not candidate[:1].isdigit():
        return False
    if candidate.split()[0] in NOT_A_LEAD:
        return False
    outside = re.sub(r"\([^)]*\)", " ", candidate)
    others = [w for w in outside.split() if w[:1].islower() and w not in LEAD_CONNECTORS]
    return len(others) <= MAX_OTHER_LOWERCASE_WORDS


def split_lead(text: str) -> tuple[str | None, str]:
    """(lead, narrative) of an entry's first paragraph; (None, text) when it has no lead."""
    match = LEAD.match(text)
    if match is None or not looks_like_lead(match.group("lead")):
        return None, text
    return match.group("lead"), match.group("rest").strip()


def is_county(text: str | None) -> bool:
    return bool(text) and bool(COUNTY_WORDS.search(text))


def split_parenthetical(lead: str) -> tuple[str, str | None]:
    """`Town of Dunn (Dane County)` -> (`Town of Dunn`, `Dane County`)."""
    match = PARENTHETICAL_END.match(lead)
    if match is None or not match.group("name"):
        return lead, None
    return match.group("name"), match.group("inner").strip()


@dataclass(frozen=True)
class Place:
    jurisdiction: str | None
    project_name: str | None
    county: str | None  # as published: `Dane County`, `Rogers and Tulsa Counties`


def place_of(lead: str | None, section: str, state: str) -> Place:
    """Who the entry is about, read from its lead.

    State-level entries concern the state. A local lead is the jurisdiction, with its county
    in parentheses when it is a town or city. A contested lead is the project, with its
    county (or `N/A`, `Location TBD`) in parentheses; its jurisdiction is that county.
    """
    if lead is None:
        return Place(state if section == STATE_LEVEL else None, None, None)
    name, inner = split_parenthetical(lead)
    candidate = name if inner is None else inner
    county = candidate if is_county(candidate) else None
    if section == CONTESTED and not (inner is None and county):
        return Place(county, name, county)
    return Place(name, None, county)


# --- entries -------------------------------------------------------------------------------------

RAW_COLUMNS = (
    SHEET,
    SOURCE_ROW,
    "state",
    "section",
    "bucket",
    "lead",
    "jurisdiction",
    "project_name",
    "county",
    "text",
    "footnotes",
)


@dataclass
class Entry:
    state: str
    section: str
    bucket: str | None
    lead: str | None
    first: Paragraph
    narrative: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)

    def add(self, text: str, footnotes: tuple[str, ...]) -> None:
        if text:
            self.narrative.append(text)
        self.footnotes.extend(footnotes)

    def row(self, notes: Mapping[str, str]) -> dict[str, object]:
        place = place_of(self.lead, self.section, self.state)
        cited = [notes[i] for i in dict.fromkeys(self.footnotes) if notes.get(i)]
        return {
            SHEET: self.state,
            SOURCE_ROW: self.first.ordinal,
            "state": self.state,
            "section": self.section,
            "bucket": self.bucket,
            "lead": self.lead,
            "jurisdiction": place.jurisdiction,
            "project_name": place.project_name,
            "county": place.county,
            "text": "\n".join(self.narrative) or None,
            "footnotes": "\n".join(cited) or None,
        }


@dataclass
class Outline:
    """What the reader has seen so far, and what it found."""

    entries: list[Entry] = field(default_factory=list)
    states: list[str] = field(default_factory=list)  # Heading 1 texts that hold sections
    sections_seen: set[str] = field(default_factory=set)
    unrecognized_sections: list[str] = field(default_factory=list)
    no_findings: int = 0
    notes_outside_sections: int = 0


def read_outline(paragraphs: list[Paragraph]) -> Outline:
    """Walk the paragraphs: headings set state, section and bucket; entry paragraphs start
    an entry (a lead, or any state-level paragraph) or continue the open one."""
    outline = Outline()
    state: str | None = None
    section: str | None = None
    bucket: str | None = None
    entry: Entry | None = None
    for paragraph in paragraphs:
        if is_table_of_contents(paragraph.style):
            continue
        level = heading_level(paragraph.style)
        if level is not None:
            entry = None
            if level == 1:
                state, section, bucket = paragraph.text or None, None, None
            elif level == 2:
                section, bucket = SECTION_BY_HEADING.get(column_name(paragraph.text)), None
                if section is None and state and paragraph.text:
                    outline.unrecognized_sections.append(paragraph.text)
                elif section and state:
                    outline.sections_seen.add(section)
                    if state not in outline.states:
                        outline.states.append(state)
            else:
                bucket = paragraph.text or None
            continue
        if not paragraph.text:
            continue
        if section is None or state is None:
            outline.notes_outside_sections += state is not None
            continue
        if NO_FINDINGS.match(paragraph.text):
            entry = None
            outline.no_findings += 1
            continue
        lead, narrative = split_lead(paragraph.text)
        if lead is None and entry is not None and section != STATE_LEVEL:
            entry.add(paragraph.text, paragraph.footnotes)
            continue
        entry = Entry(state, section, bucket, lead, paragraph)
        entry.add(narrative, paragraph.footnotes)
        outline.entries.append(entry)
    return outline


def require_outline(outline: Outline, location: str) -> None:
    if not outline.states:
        raise SchemaError(
            SPEC.source_id,
            location,
            "no state headings (paragraphs styled Heading 1): not the opposition report layout",
        )
    missing = [s for s in SECTIONS if s not in outline.sections_seen]
    if missing:
        found = f"; unrecognized section headings: {sorted(set(outline.unrecognized_sections))}"
        raise SchemaError(
            SPEC.source_id,
            location,
            f"missing section heading(s) {missing} (Heading 2 under the states)"
            + (found if outline.unrecognized_sections else ""),
        )


def parse(content: bytes, location: str) -> ParsedFile:
    """Every entry of the report, as text, one row each, in document order."""
    with require_docx(content, location) as archive:
        paragraphs = document_paragraphs(archive, location)
        notes = footnote_texts(archive, location)
    outline = read_outline(paragraphs)
    require_outline(outline, location)
    rows = [entry.row(notes) for entry in outline.entries]
    frame = pl.DataFrame(
        rows,
        schema={c: pl.Int64 if c == SOURCE_ROW else pl.String for c in RAW_COLUMNS},
        orient="row",
    )
    counts = dict(frame.group_by("section").len().iter_rows()) if frame.height else {}
    return ParsedFile(
        frame=frame,
        notes={
            "edition": edition_label(paragraphs),
            "states": len(outline.states),
            "entries_by_section": {section: counts.get(section, 0) for section in SECTIONS},
            "no_findings_statements": outline.no_findings,
            "paragraphs_outside_sections": outline.notes_outside_sections,
            "unrecognized_sections": sorted(set(outline.unrecognized_sections)),
            "entries_without_lead": frame.filter(
                pl.col("lead").is_null() & (pl.col("section") != STATE_LEVEL)
            ).height,
        },
    )


# --- the edition date ----------------------------------------------------------------------------

EDITION_LINE = re.compile(
    rf"^({'|'.join(MONTH_NAMES)})\s+(\d{{4}})(?:\s+(?:Edition|Update))?$", re.IGNORECASE
)


def edition_label(paragraphs: list[Paragraph]) -> str | None:
    """The title page's edition line (`May 2023 Edition`): the first paragraph before any
    heading that is a month and a year alone."""
    for paragraph in paragraphs:
        if heading_level(paragraph.style) is not None or is_table_of_contents(paragraph.style):
            return None
        if EDITION_LINE.match(paragraph.text):
            return paragraph.text
    return None


def edition_date(label: str | None) -> date | None:
    """`May 2023 Edition` -> 2023-05-31: an edition's research runs into its month, so its
    as-of date is the month's last day (the real May 2023 edition was posted on the 30th)."""
    match = EDITION_LINE.match(label or "")
    if match is None:
        return None
    return month_end(date(int(match.group(2)), MONTH_NAMES.index(match.group(1).lower()) + 1, 1))


def stated_vintage(content: bytes) -> date | None:
    """The edition month the title page states, as its last day."""
    with require_docx(content, "stated vintage") as archive:
        return edition_date(edition_label(document_paragraphs(archive, "stated vintage")))


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch,
    parse=parse,
    extension="docx",
    stated_vintage=stated_vintage,
    required_columns=("state", "section", "text"),
)
