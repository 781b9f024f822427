"""NREL's siting-ordinance databases, wind and solar: one layout, one parser, two sources.

NREL compiles the state and local zoning rules that govern utility-scale wind and solar
(setbacks, height and noise limits, bans and moratoria) into one workbook per technology,
posted as an xlsx download on a data-catalog page (OpenEI). The 2022 editions share a layout:

- `County, State` (header on row 1): one row per rule of a county, a town or a city: State,
  City/Town, County, Feature Type (Banned, Structures, Property Line, Roads, Sound, Height,
  ...), Value Type (the unit: Meters, dBA, Max tip-height Multiplier, Acres, ...), Value,
  Citation, Comment, Ordinance Year, the years NREL captured it and, in the wind file, an
  update trail (Updated Type / Updated Value / Update Status);
- `State`: state-wide rules (states without one are listed with empty cells);
- `Value Ranges` and `Sheet1`: NREL's working notes, not rules.

Labels are typed by hand and drift (`Height` and `Height `, `Tower Denisty`, `Noise` beside
`Sound`, `Max-tip height Multiplier`), so features and units are each normalized by one
declared mapping. NREL converted distances to meters and rounded them (a 750 ft setback reads
228.6 or 229, a mile 1609.34 or, once, 1606.34), so limits are compared with a tolerance.

The de facto ban reading (`de_facto_bans`) is the common one: wind is banned in effect by an
outright ban (or moratorium), a setback of at least a mile, a noise limit of at most 35 dBA or
a tip-height limit of at most 130 m; solar by a ban (or moratorium), a height limit of at most
9 ft or a setback of at least 750 ft.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import partial
from urllib.parse import urljoin
from xml.etree import ElementTree

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.errors import FetchError
from maestro_assets.lib.http import SourceClient, SourceRequest, SourceResponse
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import Fetch, SourceAdapter
from maestro_assets.lib.spreadsheet import (
    SHEET,
    SOURCE_ROW,
    SheetLayout,
    Workbook,
    column_name,
    layout_notes,
)

WIND, SOLAR = "wind", "solar"
TECHNOLOGIES = (WIND, SOLAR)
TECHNOLOGY = "technology"  # the column every parsed row carries

# --- declarations --------------------------------------------------------------------------

# The OpenEI submission pages that link each database's workbook (the 2025 editions' pages;
# unconfirmed from here, no network). Declared once.
LANDING_URLS = {
    WIND: "https://data.openei.org/submissions/8519",
    SOLAR: "https://data.openei.org/submissions/8602",
}
KNOWN_GAPS = (
    "Coverage is the jurisdictions NREL found ordinances for, not every county: a county "
    "absent from the file is unknown, not unrestricted; labels are typed by hand and drift "
    "(trailing spaces, misspellings, Noise beside Sound) and are normalized by one mapping; "
    "NREL converted distances to meters and rounded them; most rules carry no Ordinance Year "
    "(the year NREL captured the rule is then the only date); setbacks written as multiples of "
    "tip or structure height depend on the equipment and cannot be judged alone; the wind "
    "file's Updated Type / Updated Value columns are applied inconsistently (some rows already "
    "carry the update in Value, some do not), so Value and Value Type are read as published; "
    "NREL's 2025 editions change the layout (sheets All Ordinances, State-Level, County-Level, "
    "Municipal-Level; columns Feature, Value, Units, Summary) and this parser reads the 2022 "
    "layout, so a 2025 file fails with a SchemaError naming the missing sheet"
)
SOLAR_GAPS = (
    "; NREL's 2025 solar update was built with the help of a large language model and is "
    "flagged by NREL as needing validation"
)


def ordinance_spec(technology: str) -> SourceSpec:
    """The declaration of one of the two databases; they differ only in technology."""
    return SourceSpec(
        source_id=f"nrel_{technology}_ordinances",
        title=f"NREL U.S. {technology} siting regulation and zoning ordinances",
        publisher="National Renewable Energy Laboratory (NREL), U.S. Department of Energy",
        landing_url=LANDING_URLS[technology],
        requests=(
            "GET the OpenEI submission page, find its link to the ordinance workbook (an .xlsx "
            "whose name contains 'Ordinance'), GET the workbook; the page and the workbook "
            "are recorded per vintage"
        ),
        file_format="xlsx",
        cadence=Cadence.ANNUAL,
        expected_coverage=(
            f"State and local {technology} siting rules NREL found in the United States "
            "(counties, towns, cities; state-wide rules on their own sheet): bans, moratoria, "
            "setbacks from structures, property lines, roads and other features, height and "
            "noise limits, lot sizes, with citation and ordinance year"
        ),
        known_gaps=KNOWN_GAPS + (SOLAR_GAPS if technology == SOLAR else ""),
        # B: curated by NREL analysts from ordinance texts (2022), official but compiled by
        # hand, with rounding and label drift, and covering only the jurisdictions found.
        reliability="B",
        license="Creative Commons Attribution 4.0 (NREL data on OpenEI); cite NREL",
        raw_table=f"raw.nrel_{technology}_ordinances__rules",
        domain="opposition",
    )


WIND_SPEC, SOLAR_SPEC = ordinance_spec(WIND), ordinance_spec(SOLAR)
SPECS = {WIND: WIND_SPEC, SOLAR: SOLAR_SPEC}

# --- fetching: landing page, then the workbook it links -----------------------------------------

WORKBOOK_LINK = re.compile(r"""href=["']([^"']+\.xlsx)["']""", re.IGNORECASE)
ORDINANCE_NAME = re.compile(r"ordinance", re.IGNORECASE)


def discover_workbook(landing_html: str, landing_url: str) -> str | None:
    """The absolute URL of the first xlsx the page links whose file name names ordinances."""
    for href in WORKBOOK_LINK.findall(landing_html):
        if ORDINANCE_NAME.search(href.rsplit("/", 1)[-1]):
            return urljoin(landing_url, href.replace("&amp;", "&"))
    return None


def fetch_ordinances(technology: str) -> Fetch:
    """The landing page as it stood at the vintage, then the workbook it links."""
    spec = SPECS[technology]
    landing = SourceRequest(spec.landing_url)

    def fetch(client: SourceClient, vintage: date) -> list[SourceResponse]:
        page = client.get_ok(landing, vintage=vintage)
        url = discover_workbook(page.content.decode("utf-8", "replace"), page.url)
        if url is None:
            raise FetchError(
                spec.source_id,
                page.url,
                "the landing page links no ordinance workbook (no .xlsx named '...Ordinance...')",
            )
        return [client.get_ok(SourceRequest(url), vintage=vintage)]

    return fetch


_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dcterms": "http://purl.org/dc/terms/",
}


def workbook_saved_on(content: bytes) -> date | None:
    """The day the workbook was last saved (its core properties), the edition's as-of date."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            core = ElementTree.fromstring(archive.read("docProps/core.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, EOFError, ValueError):
        return None
    for tag in ("dcterms:modified", "dcterms:created"):
        stamp = core.findtext(tag, namespaces=_CORE_NS)
        if stamp:
            try:
                return date.fromisoformat(stamp.strip()[:10])
            except ValueError:
                continue
    return None


# --- layout ---------------------------------------------------------------------------------

COUNTY_SHEET = "County, State"  # local rules: the sheet the de facto ban reading judges
STATE_SHEET = "State"  # state-wide rules
RULE = ("feature_type", "value_type", "value")
COUNTY_LAYOUT = SheetLayout(
    sheet=COUNTY_SHEET,
    required=("state", "city_town", "county", *RULE, "citation", "ordinance_year"),
    optional=(
        "comment",
        "updated_type",  # wind file only
        "updated_value",
        "updated_comment",
        "original_captured_date",  # a year
        "new_capture_date",  # a year
        "update_status",
    ),
    row_key="feature_type",  # every rule names its feature
)
STATE_LAYOUT = SheetLayout(
    sheet=STATE_SHEET,
    required=("state", *RULE),
    optional=("comment", "citation", "ordinance_year", "year_captured"),
    row_key="feature_type",  # a state listed without a rule is dropped and counted
    sheet_required=False,
)
LAYOUTS = (COUNTY_LAYOUT, STATE_LAYOUT)
RAW_COLUMNS = (
    SHEET,
    SOURCE_ROW,
    TECHNOLOGY,
    *dict.fromkeys(c for layout in LAYOUTS for c in layout.columns),
)


def parse_ordinances(content: bytes, location: str, technology: str) -> ParsedFile:
    """Every rule of the `County, State` and `State` sheets, as text, one row each, with the
    database's technology."""
    workbook = Workbook(content, SPECS[technology].source_id, location)
    tables = {
        layout.sheet: table
        for layout in LAYOUTS
        if (table := workbook.read_table(layout)) is not None
    }
    frame = pl.concat([t.frame for t in tables.values()], how="diagonal_relaxed")
    absent = [c for c in RAW_COLUMNS if c not in frame.columns and c != TECHNOLOGY]
    frame = frame.with_columns(
        pl.lit(technology).alias(TECHNOLOGY),
        *(pl.lit(None, dtype=pl.String).alias(c) for c in absent),
    ).select(RAW_COLUMNS)
    return ParsedFile(
        frame=frame,
        notes={
            **layout_notes(tables),
            "sheets_without_rules": [s for s in workbook.sheet_names if s not in tables],
        },
    )


# --- labels: one declaration each for features and units ---------------------------------------

# Canonical feature -> every label seen for it, in label_key form (lower case, single spaces).
# Setbacks from a named river, lake, trail or highway are folded into their kind.
FEATURE_LABELS: dict[str, tuple[str, ...]] = {
    "banned": ("banned", "ban", "prohibited", "prohibition", "prohibitions"),
    "moratorium": ("moratorium", "moratoria"),
    "structures": ("structures", "structure"),
    "property_line": ("property line", "property lines", "property"),
    "roads": ("roads", "road"),
    "highways": (
        "highways",
        "highway",
        "highway 111",
        "lankford highway",
        "m.d. route 413",
        "u.s. route 13",
    ),
    "railroads": ("railroads", "railroad"),
    "transmission": ("transmission",),
    "pipelines": ("oil & gas pipelines", "oil & gas pipeline"),
    "water": (
        "water",
        "waters",
        "rivers",
        "lakes",
        "rivers/lakes",
        "black river",
        "huntington reservoir",
        "iowa river",
        "iroquis river",
        "kankakee river",
        "lake audubon",
        "lake oahe",
        "lake sakakawea",
        "little river",
        "mississippi river",
        "missouri river",
        "north santee river",
        "pee dee river",
        "pine creek",
        "salamonie reservoir",
        "sampit river",
        "waccamaw river",
        "wabash river",
    ),
    "wetlands": ("wetlands",),
    "trails": ("appalachian trail",),
    "ridgelines": ("significant ridgeline",),
    "sound": ("sound", "sounds", "noise"),
    "height": ("height", "maximum height", "max height"),
    "shadow_flicker": ("shadow flicker",),
    "tower_density": ("tower density", "tower denisty"),
    "density": ("density",),
    "minimum_lot_size": ("minimum lot size", "mimimum lot size"),
    "maximum_lot_size": ("maximum lot size",),
    "coverage": ("coverage", "maximum lot coverage"),
    "project_size": (
        "maximum project size",
        "maximum installation size",
        "maximum instillation size",
        "total installation",
        "total installation size",
    ),
}
# Canonical unit -> every Value Type seen for it, in label_key form (hyphens read as spaces).
UNIT_LABELS: dict[str, tuple[str, ...]] = {
    "meters": ("meters", "meter", "metres", "m"),
    "feet": ("feet", "foot", "ft"),
    "miles": ("miles", "mile", "mi"),
    "dba": ("dba", "db", "db(a)"),
    "tip_height_multiplier": (
        "max tip height multiplier",
        "max tip height",
        "tip height multiplier",
    ),
    "hub_height_multiplier": ("hub height multiplier",),
    "rotor_diameter_multiplier": (
        "rotor diameter multiplier",
        "rotor diameter mutliplier",
        "rotor diameter",
    ),
    "rotor_radius_multiplier": ("rotor radius", "rotor radius multiplier"),
    "structure_height_multiplier": (
        "maximum structure height",
        "maximum structure height multiplier",
    ),
    "acres": ("acres", "acre"),
    "kilowatts": ("kw",),
    "megawatts": ("megawatt", "megawatts", "mw"),
    "percent": ("percentage", "percent", "%"),
    "hours_per_year": ("hrs/year", "hours/year", "hours per year"),
    "turbines": ("turbines", "turbine count"),
    "lot_size": ("minimum lot size",),
    "not_applicable": ("n/a", "na"),
}
_SPACES = re.compile(r"\s+")


def label_key(label: str, hyphen_is_space: bool = False) -> str:
    """A label as the mappings spell it: trimmed, lower case, runs of spaces as one."""
    text = label.replace("-", " ") if hyphen_is_space else label
    return _SPACES.sub(" ", text).strip().lower()


def _lookup(mapping: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {label: canonical for canonical, labels in mapping.items() for label in labels}


_FEATURE_BY_LABEL = _lookup(FEATURE_LABELS)
_UNIT_BY_LABEL = _lookup(UNIT_LABELS)


def normalize_feature(label: str | None) -> str | None:
    """The canonical feature a Feature Type label names; an unknown label keeps a slug of
    itself (so nothing is lost) and is reported by `unknown_labels`."""
    if label is None or not label.strip():
        return None
    key = label_key(label)
    return _FEATURE_BY_LABEL.get(key) or column_name(key)


def normalize_unit(label: str | None) -> str | None:
    """The canonical unit a Value Type label names, or None when it names none we know."""
    if label is None or not label.strip():
        return None
    return _UNIT_BY_LABEL.get(label_key(label, hyphen_is_space=True))


def unknown_labels(frame: pl.DataFrame) -> dict[str, list[str]]:
    """Feature Type and Value Type labels of parsed rows that the mappings do not declare."""
    features = {
        label
        for label in frame["feature_type"].drop_nulls().unique()
        if label_key(label) not in _FEATURE_BY_LABEL
    }
    units = {
        label
        for label in frame["value_type"].drop_nulls().unique()
        if label_key(label, hyphen_is_space=True) not in _UNIT_BY_LABEL
    }
    return {"feature_type": sorted(features), "value_type": sorted(units)}


# --- the de facto ban reading ------------------------------------------------------------------

FOOT_M = 0.3048
MILE_M = 1609.344
# NREL rounded converted distances (1 mile as 1606.34, 750 ft as 229): a limit counts as met
# within this share of itself. Small enough that 5,000 ft is not a mile and 10 ft not 9 ft.
ROUNDING_TOLERANCE = 0.005
LENGTH, SOUND = "length", "sound"
# Canonical unit -> the factor to meters (length) or dBA (sound).
UNIT_SCALES = {
    LENGTH: {"meters": 1.0, "feet": FOOT_M, "miles": MILE_M},
    SOUND: {"dba": 1.0},
}
# A setback written as a multiple of the turbine's (or array's) size depends on equipment
# the ordinance does not fix, so it cannot be judged alone.
EQUIPMENT_MULTIPLIERS = frozenset(
    {
        "tip_height_multiplier",
        "hub_height_multiplier",
        "rotor_diameter_multiplier",
        "rotor_radius_multiplier",
        "structure_height_multiplier",
    }
)
PROHIBITIONS = {"banned": "outright_ban", "moratorium": "moratorium"}
# Setbacks that bind a whole jurisdiction: from homes and buildings, property lines, roads.
# A setback from a river, a trail, a named highway, a transmission line or a railroad
# excludes a strip of land, not a county, and is not part of the reading.
SETBACK_FEATURES = frozenset({"structures", "property_line", "roads"})


class Binding(StrEnum):
    AT_LEAST = "at_least"  # setbacks: the larger, the more restrictive
    AT_MOST = "at_most"  # height and noise limits: the smaller, the more restrictive


@dataclass(frozen=True)
class BanCriterion:
    """One limit beyond which a rule bans a technology in effect."""

    reason: str
    features: frozenset[str]
    quantity: str  # LENGTH (meters) or SOUND (dBA)
    binding: Binding
    limit: float  # in meters or dBA

    def binding_amount(self, amounts: Iterable[float]) -> float:
        """Of the alternatives a value lists (day/night limits, size tiers, a range), the
        most restrictive: the one a utility-scale project must meet."""
        return max(amounts) if self.binding is Binding.AT_LEAST else min(amounts)

    def crossed_by(self, amount: float) -> bool:
        if self.binding is Binding.AT_LEAST:
            return amount >= self.limit * (1 - ROUNDING_TOLERANCE)
        return amount <= self.limit * (1 + ROUNDING_TOLERANCE)


CRITERIA: dict[str, tuple[BanCriterion, ...]] = {
    WIND: (
        BanCriterion("setback_at_least_1_mile", SETBACK_FEATURES, LENGTH, Binding.AT_LEAST, MILE_M),
        BanCriterion("noise_at_most_35_dba", frozenset({"sound"}), SOUND, Binding.AT_MOST, 35.0),
        # NREL's wind Height is the turbine's maximum (tip) height.
        BanCriterion(
            "tip_height_at_most_130_m", frozenset({"height"}), LENGTH, Binding.AT_MOST, 130.0
        ),
    ),
    SOLAR: (
        BanCriterion(
            "height_at_most_9_ft", frozenset({"height"}), LENGTH, Binding.AT_MOST, 9 * FOOT_M
        ),
        BanCriterion(
            "setback_at_least_750_ft",
            SETBACK_FEATURES,
            LENGTH,
            Binding.AT_LEAST,
            750 * FOOT_M,
        ),
    ),
}
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")


def numbers_in(value: str | None) -> list[float]:
    """Every number a Value cell holds: `40`, `55/50/45`, `152.4 - 457.2`, `15,840`."""
    if value is None:
        return []
    return [float(n.replace(",", "")) for n in _NUMBER.findall(value)]


@dataclass(frozen=True)
class RuleJudgment:
    feature: str | None
    unit: str | None
    amount: float | None = None  # the binding value in meters or dBA, when one was read
    ban_reason: str | None = None
    not_judged_reason: str | None = None  # why a rule the reading covers could not be read


def criterion_for(technology: str, feature: str | None) -> BanCriterion | None:
    return next((c for c in CRITERIA[technology] if feature in c.features), None)


def judge_rule(
    technology: str, feature_type: str | None, value_type: str | None, value: str | None
) -> RuleJudgment:
    """Whether one rule bans the technology in effect, and if it cannot be told, why."""
    feature, unit = normalize_feature(feature_type), normalize_unit(value_type)
    if feature in PROHIBITIONS:
        return RuleJudgment(feature, unit, ban_reason=PROHIBITIONS[feature])
    criterion = criterion_for(technology, feature)
    if criterion is None:
        return RuleJudgment(feature, unit)
    if criterion.quantity == LENGTH and unit in EQUIPMENT_MULTIPLIERS:
        why = (
            f"{value} x {value_type.strip()}: a multiple of the equipment's size depends on "
            "the turbine or array, so it cannot be judged alone"
        )
        return RuleJudgment(feature, unit, not_judged_reason=why)
    scale = UNIT_SCALES[criterion.quantity].get(unit)
    if scale is None:
        named = f"Value Type {value_type.strip()!r}" if value_type else "no Value Type"
        why = f"{named}: not a {criterion.quantity} unit"
        return RuleJudgment(feature, unit, not_judged_reason=why)
    amounts = numbers_in(value)
    if not amounts:
        return RuleJudgment(feature, unit, not_judged_reason=f"Value {value!r} holds no number")
    amount = criterion.binding_amount(a * scale for a in amounts)
    reason = criterion.reason if criterion.crossed_by(amount) else None
    return RuleJudgment(feature, unit, amount=amount, ban_reason=reason)


def rule_judgments(frame: pl.DataFrame) -> pl.DataFrame:
    """Parsed rules with their reading: feature, unit, amount, ban_reason, not_judged_reason."""
    judgments = [
        judge_rule(row[TECHNOLOGY], row["feature_type"], row["value_type"], row["value"])
        for row in frame.select(TECHNOLOGY, *RULE).iter_rows(named=True)
    ]
    return frame.with_columns(
        pl.Series("feature", [j.feature for j in judgments], dtype=pl.String),
        pl.Series("unit", [j.unit for j in judgments], dtype=pl.String),
        pl.Series("amount", [j.amount for j in judgments], dtype=pl.Float64),
        pl.Series("ban_reason", [j.ban_reason for j in judgments], dtype=pl.String),
        pl.Series("not_judged_reason", [j.not_judged_reason for j in judgments], dtype=pl.String),
    )


JURISDICTION = ("state", "county", "city_town")
BAN_COLUMNS = (
    "state",
    "county",
    "town",
    TECHNOLOGY,
    "ban_reasons",
    "ordinance_year",
    "captured_year",
    "citation",
    "source_rows",
)


def _year(column: str) -> pl.Expr:
    return pl.col(column).str.extract(r"((?:19|20)\d\d)").cast(pl.Int32)


def de_facto_bans(frame: pl.DataFrame) -> pl.DataFrame:
    """Jurisdictions whose local rules ban the technology in effect, one row each (per
    vintage when the frame holds several): state, county, town, technology, ban_reasons
    (sorted codes), the latest ordinance year and captured year among the banning rules,
    their citations and source rows.

    Only local rules (sheet `County, State`) are judged: the few state-wide rules often bind
    named structure types only (a state setback from schools and hospitals) that the reading
    would mistake for a setback from every home; state-level restrictions are read from
    state sources. Rules the reading covers but cannot judge are in `rule_judgments`.
    """
    prefix = [c for c in ("vintage",) if c in frame.columns]
    banning = rule_judgments(frame.filter(pl.col(SHEET) == COUNTY_SHEET)).filter(
        pl.col("ban_reason").is_not_null()
    )
    captured = pl.coalesce(_year("new_capture_date"), _year("original_captured_date"))
    citations = pl.col("citation").drop_nulls().unique().sort().str.join("; ")
    return (
        banning.group_by(*prefix, *JURISDICTION, TECHNOLOGY)
        .agg(
            pl.col("ban_reason").unique().sort().alias("ban_reasons"),
            _year("ordinance_year").max().alias("ordinance_year"),
            captured.max().alias("captured_year"),
            pl.when(citations != "").then(citations).alias("citation"),
            pl.col(SOURCE_ROW).sort().alias("source_rows"),
        )
        .rename({"city_town": "town"})
        .sort(*prefix, "state", "county", "town", nulls_last=False)
        .select(*prefix, *BAN_COLUMNS)
    )


# --- adapters ------------------------------------------------------------------------------


def ordinance_adapter(technology: str) -> SourceAdapter:
    return SourceAdapter(
        spec=SPECS[technology],
        fetch=fetch_ordinances(technology),
        parse=partial(parse_ordinances, technology=technology),
        extension="xlsx",
        stated_vintage=workbook_saved_on,
        required_columns=("state", "feature_type"),
    )


WIND_ADAPTER, SOLAR_ADAPTER = ordinance_adapter(WIND), ordinance_adapter(SOLAR)
ADAPTERS = (WIND_ADAPTER, SOLAR_ADAPTER)
