"""Synthetic NREL siting-ordinance databases: two annual editions each of the wind and the solar
workbook, in NREL's 2022 layout, and the OpenEI page that links each edition.

Each database is a list of `Rule`s, each present in one or both editions. Most are background:
counties and towns of the simulated fleet's states with ordinary rules (setbacks, height and
noise limits, lot sizes) drawn from ranges that never amount to a ban, spelled the way NREL
spells them (`Height` and `Height `, `Noise` beside `Sound`, `Tower Denisty `, a state name
with a trailing space) and written in varied units (Meters, Meter, Feet, Miles, dBA, dBa,
tip-height and rotor-diameter multipliers, Acres, Hrs/Year, Percentage).

The rest are planted, each declaring the de facto ban reason it must raise (or none): the
second edition adds new ordinances in counties that hold queue projects of the simulated EIA
fleet (`simulate_fleet(scale, seed=860)`, planned plants of the same technology): a ban, a
moratorium, a one-mile (or quarter-mile) setback written in Miles, a 35 dBA noise limit, a tip
height in Feet; near misses that must not count (36 dBA, 5,000 ft, 700 ft, 10 ft); setbacks as
multiples of equipment size that cannot be judged; a setback tightened between editions
(Update Status `Changed from ...`); a moratorium lifted (gone from the second edition); and a
state-wide rule on the `State` sheet, which the reading does not judge.

Everything is a pure function of (technology, scale, seed): one `random.Random(seed)` consumed
in a fixed order and fixed workbook timestamps, so the files are byte-identical run to run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from maestro_assets.lib.http import write_snapshot_index
from maestro_assets.lib.sources.nrel_ordinances import (
    COUNTY_SHEET,
    LANDING_URLS,
    SOLAR,
    STATE_SHEET,
    WIND,
    discover_workbook,
)
from maestro_assets.lib.synthetic.eia860m import (
    HTML,
    MAINLAND_STATES,
    PLANNED,
    STATES,
    TECHNOLOGIES,
    WINDOW_MONTHS,
    XLSX,
    simulate_fleet,
)
from maestro_assets.lib.synthetic.queue_fleet import (
    EIA_FLEET_SEED,
    new_workbook,
    published_at,
    write_cells,
)
from maestro_assets.lib.synthetic.recording import clear_generated, record_response

SEEDS = {WIND: 2201, SOLAR: 2202}
VINTAGES = (date(2025, 6, 30), date(2026, 6, 30))  # the two annual editions
PUBLISHED_AT = time(15)  # UTC
FIRST, SECOND = 0, 1  # editions, by index into VINTAGES
BOTH = (FIRST, SECOND)
FILE_FOLDERS = {WIND: "/files/8519", SOLAR: "/files/8602"}
TITLES = {WIND: "Wind", SOLAR: "Solar"}

COUNTY_HEADER = (
    "State", "City/Town", "County", "Feature Type", "Value Type", "Value", "Citation",
    "Comment", "Updated Type", "Updated Value", "Updated Comment", "Ordinance Year",
    "Original Captured Date", "New Capture Date", "Update Status",
)  # fmt: skip
STATE_HEADER = (
    "State", "Feature Type", "Value Type", "Value", "Comment", "Citation", "Ordinance Year",
    "Year Captured",
)  # fmt: skip
VALUE_RANGES_SHEET = "Value Ranges"

# --- the rules --------------------------------------------------------------------------------

Cell = float | int | str | None
Jurisdiction = tuple[str, str | None, str | None]  # (state name, county, town)


@dataclass(frozen=True)
class Rule:
    """One row of the database, as each edition that lists it writes it."""

    state: str  # the state's name as written (sometimes with a trailing space)
    county: str | None
    town: str | None
    feature_label: str  # Feature Type as written
    feature: str  # the canonical feature the label stands for
    value_type: str | None
    value: Cell
    citation: str
    comment: str | None
    ordinance_year: int | None
    captured: int  # Original Captured Date (a year)
    editions: tuple[int, ...]
    expected_ban: str | None = None  # the de facto ban reason this rule must raise
    planted: bool = False
    recaptured: bool = False  # re-reviewed for the second edition (New Capture Date)
    update_status: str | None = None  # second edition only
    state_wide: bool = False  # a row of the State sheet

    @property
    def jurisdiction(self) -> Jurisdiction:
        return (self.state.strip(), self.county, self.town)


@dataclass(frozen=True)
class Draw:
    """A background rule: its feature, NREL's spellings of it (the usual one first) and the
    units and ranges its value is drawn from, none of which amounts to a ban."""

    feature: str
    labels: tuple[str, ...]
    values: tuple[tuple[str, float, float, int], ...]  # (Value Type, low, high, decimals)


BACKGROUND = {
    WIND: (
        Draw("structures", ("Structures", "Structures "), (
            ("Meters", 300, 1200, 2), ("Feet", 1000, 3900, 0),
            ("Max tip-height Multiplier", 1.1, 3.0, 1))),
        Draw("property_line", ("Property Line", "Property line", "Property "), (
            ("Max tip-height Multiplier", 1.0, 1.5, 1), ("Meters", 150, 500, 1),
            ("Rotor Diameter Multiplier", 1, 3, 0))),
        Draw("roads", ("Roads", "Roads ", "Road"), (
            ("Max tip-height Multiplier ", 1.0, 1.5, 1), ("Feet", 300, 1000, 0))),
        Draw("sound", ("Sound", "Noise", "Sounds"), (("dBA", 40, 55, 0), ("dBa", 45, 60, 0))),
        Draw("height", ("Height", "Height "), (
            ("Meters", 150, 200, 1), ("Feet", 500, 650, 0), ("Meter", 152, 199, 2))),
        Draw("transmission", ("Transmission",), (("Max tip-height Multiplier", 1.1, 1.5, 1),)),
        Draw("railroads", ("Railroads",), (("Max tip-height Multiplier", 1.0, 1.5, 1),)),
        Draw("tower_density", ("Tower Density", "Tower Denisty "), (
            ("Rotor Diameter Multiplier", 3, 7, 0),)),
        Draw("minimum_lot_size", ("Minimum Lot Size", "Minimum lot size "), (
            ("Acres", 5, 40, 0),)),
        Draw("shadow_flicker", ("Shadow Flicker",), (("Hrs/Year", 30, 30, 0),)),
    ),
    SOLAR: (
        Draw("property_line", ("Property Line", "Property line", "Property Lines"), (
            ("Meters", 7.5, 60, 2), ("Feet", 25, 200, 0))),
        Draw("structures", ("Structures", "Structures "), (
            ("Meters", 15, 150, 1), ("Feet", 50, 490, 0))),
        Draw("roads", ("Roads", "Road"), (("Feet", 25, 150, 0), ("Meters", 7.5, 45, 1))),
        Draw("height", ("Height", "Height "), (
            ("Meters", 3.1, 6.0, 2), ("Feet", 10, 20, 0), ("Meter", 3.1, 4.6, 1))),
        Draw("sound", ("Sound", "Noise"), (("dBA", 45, 60, 0),)),
        Draw("minimum_lot_size", ("Minimum Lot Size", "Mimimum Lot Size"), (
            ("Acres", 5, 40, 0),)),
        Draw("coverage", ("Coverage", "Maximum Lot Coverage"), (("Percentage", 50, 80, 0),)),
    ),
}  # fmt: skip

QUEUE, ELSEWHERE, TOWN = "queue", "elsewhere", "town"


@dataclass(frozen=True)
class Planted:
    """A rule written into the scenario, at a site: (kind, index). A `queue` site is a county
    holding queue projects of the technology, `elsewhere` a county that holds none, `town` a
    town; two rules naming the same site share a jurisdiction."""

    editions: tuple[int, ...]
    label: str
    feature: str
    value_type: str | None
    value: Cell
    expected_ban: str | None
    comment: str
    site: tuple[str, int]
    ordinance_year: int | None = None
    update_status: str | None = None


PLANTED = {
    WIND: (
        Planted((SECOND,), "Banned", "banned", None, None, "outright_ban",
                "Utility-scale wind energy systems are not a permitted use in any district",
                (QUEUE, 0), 2026),
        Planted((SECOND,), "Structures", "structures", "Miles", 1, "setback_at_least_1_mile",
                "1 mile setback to non-participating dwellings", (QUEUE, 1), 2026),
        Planted((SECOND,), "Noise", "sound", "dBA", 35, "noise_at_most_35_dba",
                "35 dBA at any non-participating residence", (QUEUE, 2), 2025),
        Planted((SECOND,), "Height ", "height", "Feet", 400, "tip_height_at_most_130_m",
                "400' maximum total height", (QUEUE, 3), 2026),
        Planted((SECOND,), "Property Line", "property_line", "Max tip-height Multiplier ", 3.5,
                None, "3.5 times total height from property lines", (QUEUE, 4), 2026),
        Planted((SECOND,), "Sound", "sound", "dBa", 36, None, "36 dBA nighttime limit",
                (QUEUE, 5), 2026),
        Planted(BOTH, "Structures", "structures", "Feet", 5000, None,
                "5,000' setback from dwellings", (QUEUE, 6), 2024),
        Planted((FIRST,), "Property Line", "property_line", "Meters", 804.67, None,
                "1/2 mile setback to property lines", (QUEUE, 7), 2023),
        Planted((SECOND,), "Property Line", "property_line", "Meters", 1609.34,
                "setback_at_least_1_mile", "1 mile setback to property lines", (QUEUE, 7), 2026,
                update_status="Changed from 804.67 to 1609.34"),
        Planted((FIRST,), "Moratorium", "moratorium", "N/A", None, "moratorium",
                "12 month moratorium on commercial wind applications", (QUEUE, 8), 2025),
        Planted(BOTH, "Banned ", "banned", None, None, "outright_ban",
                "Commercial wind energy facilities are prohibited", (ELSEWHERE, 0), 2019),
        Planted(BOTH, "Sound", "sound", "dBA", "40/35", "noise_at_most_35_dba",
                "40 dBA daytime; 35 dBA nighttime", (ELSEWHERE, 1), 2021),
        Planted(BOTH, "Banned", "banned", None, None, "outright_ban",
                "A wind energy system may exist only as an accessory use", (TOWN, 0)),
        Planted((SECOND,), "Roads", "roads", "Feet", 5280, "setback_at_least_1_mile",
                "5,280' setback from public roads", (TOWN, 1), 2026),
    ),
    SOLAR: (
        Planted((SECOND,), "Moratorium", "moratorium", "N/a", None, "moratorium",
                "Moratorium on utility-scale solar applications for 12 months", (QUEUE, 0), 2026),
        Planted((SECOND,), "Height ", "height", "Feet", 8, "height_at_most_9_ft",
                "8' maximum panel height", (QUEUE, 1), 2026),
        Planted((SECOND,), "Structures", "structures", "Miles", 0.25, "setback_at_least_750_ft",
                "1/4 mile setback to residences", (QUEUE, 2), 2025),
        Planted((SECOND,), "Property line", "property_line", "Feet", 800,
                "setback_at_least_750_ft", "800' setback from non-participating property lines",
                (QUEUE, 3), 2026),
        Planted((SECOND,), "Structures", "structures", "Feet", 700, None,
                "700' setback from dwellings", (QUEUE, 4), 2026),
        Planted((SECOND,), "Height", "height", "Meters", 3.048, None, "10' max height",
                (QUEUE, 5), 2026),
        Planted((FIRST,), "Structures", "structures", "Meters", 152.4, None,
                "500' setback from dwellings", (QUEUE, 6), 2022),
        Planted((SECOND,), "Structures", "structures", "Meters", 228.6,
                "setback_at_least_750_ft", "750' setback from dwellings", (QUEUE, 6), 2026,
                update_status="Changed from 152.4 to 228.6"),
        Planted((SECOND,), "Property Line", "property_line", "Maximum Structure Height", 2,
                None, "Twice the array height from property lines", (QUEUE, 7), 2026),
        Planted(BOTH, "Banned", "banned", "n/a", None, "outright_ban",
                "Solar energy facilities may not be the primary use of a parcel",
                (ELSEWHERE, 0), 2020),
        Planted(BOTH, "Property Line", "property_line", "Meters", "22.86/228.6",
                "setback_at_least_750_ft", "75' setback under 50 acres; 750' above",
                (ELSEWHERE, 1), 2021),
    ),
}  # fmt: skip

# State-wide rules: (state code, Feature Type, Value Type, Value, editions). The last one is a
# limit the local reading would count as a ban; on the State sheet it is not judged.
STATE_WIDE = {
    WIND: (
        ("MN", "Sound", "dBA", 50, BOTH),
        ("OH", "Property Line", "Meters", 365.76, BOTH),
        ("VA", "Sound", "dBA", 35, (SECOND,)),
    ),
    SOLAR: (
        ("NC", "Property Line", "Meters", 15.24, BOTH),
        ("IL", "Height", "Feet", 8, (SECOND,)),
    ),
}
STATE_WIDE_FEATURES = {"Sound": "sound", "Property Line": "property_line", "Height": "height"}

EXTRA_COUNTIES = {
    "IA": ("Dallas", "Buchanan", "Mills"),
    "KS": ("Butler", "Morris", "Marion"),
    "MN": ("Norman", "Wright", "Clay"),
    "NY": ("Steuben", "Chautauqua", "Madison"),
    "IL": ("Ford", "Logan", "Macon"),
    "OH": ("Logan", "Union", "Seneca"),
}
TOWNS = {
    "NY": ("Maple Falls Town", "Ridgeview Town", "Clearwater Town"),
    "TX": ("Cedar Bend", "Mesquite Flats"),
    "MN": ("Lakeside Township",),
    "PA": ("Hollow Creek Borough",),
}
STATE_NAME_WITH_SPACE_SHARE = 0.1  # NREL sometimes types `Iowa ` for Iowa
RECAPTURED_SHARE = 0.35  # background rules NREL re-reviewed for the second edition


def queue_counties(technology: str, scale: int = 1) -> list[tuple[str, str]]:
    """(state code, county) of every county holding a planned plant of the technology in the
    simulated fleet: where the pipeline has queue projects that new ordinances can hit."""
    fleet = simulate_fleet(scale, seed=EIA_FLEET_SEED)
    name = TECHNOLOGIES[technology].name
    return sorted(
        {
            (record.generator.site.state, record.generator.site.county)
            for month in WINDOW_MONTHS
            for record in fleet[month]
            if record.sheet == PLANNED
            and record.generator.technology.name == name
            and record.generator.site.state in MAINLAND_STATES
        }
    )


def county_pool() -> list[tuple[str, str]]:
    """Every (state code, county) the background can use."""
    pool = {(code, county) for code in MAINLAND_STATES for county in STATES[code].counties}
    pool |= {(code, county) for code, counties in EXTRA_COUNTIES.items() for county in counties}
    return sorted(pool)


class DatabaseBuilder:
    """Draws one technology's rules from one random stream, in a fixed order."""

    def __init__(self, technology: str, scale: int, rng: random.Random) -> None:
        self.technology = technology
        self.scale = scale
        self.rng = rng
        self.written_state: dict[str, str] = {}

    def state_as_written(self, code: str) -> str:
        """The state's name as this database spells it, the same on every row."""
        if code not in self.written_state:
            name = STATES[code].name
            space = self.rng.random() < STATE_NAME_WITH_SPACE_SHARE
            self.written_state[code] = f"{name} " if space else name
        return self.written_state[code]

    def citation(self, county: str | None, town: str | None) -> str:
        if town is not None:
            return f"{town} Code § {self.rng.randint(100, 400)}-{self.rng.randint(10, 99)}"
        section = f"{self.rng.randint(4, 30)}.{self.rng.randint(10, 99)}"
        return f"{county} County Zoning Ordinance § {section}"

    def value(self, draw: Draw) -> tuple[str, Cell]:
        value_type, low, high, decimals = self.rng.choice(draw.values)
        amount = round(self.rng.uniform(low, high), decimals)
        return value_type, int(amount) if decimals == 0 else amount

    def label(self, draw: Draw) -> str:
        return draw.labels[0] if self.rng.random() < 0.75 else self.rng.choice(draw.labels)

    def background_site(self, code: str, county: str | None, town: str | None) -> list[Rule]:
        """A jurisdiction's ordinary rules, present in both editions."""
        rng = self.rng
        draws = rng.sample(BACKGROUND[self.technology], rng.randint(2, 5))
        citation = self.citation(county, town)
        year = rng.randint(2009, 2024) if rng.random() < 0.3 else None
        captured = rng.choice((2018, 2021, 2024, 2025))
        rules = []
        for draw in draws:
            value_type, value = self.value(draw)
            rules.append(
                Rule(
                    state=self.state_as_written(code),
                    county=county,
                    town=town,
                    feature_label=self.label(draw),
                    feature=draw.feature,
                    value_type=value_type,
                    value=value,
                    citation=citation,
                    comment=None,
                    ordinance_year=year,
                    captured=captured,
                    editions=BOTH,
                    recaptured=rng.random() < RECAPTURED_SHARE,
                )
            )
        return rules

    def background(self) -> list[Rule]:
        rng = self.rng
        counties = rng.sample(county_pool(), min(len(county_pool()), 48 * self.scale))
        towns = sorted((code, town) for code, names in TOWNS.items() for town in names)
        rules = []
        for code, county in counties:
            rules += self.background_site(code, county, None)
        for code, town in rng.sample(towns, min(len(towns), 5 * self.scale)):
            rules += self.background_site(code, None, town)
        return rules

    def sites(self) -> dict[tuple[str, int], tuple[str, str | None, str | None]]:
        """Where each planted site is: (state code, county, town)."""
        queue = queue_counties(self.technology, self.scale)
        taken = set(queue)
        elsewhere = [c for c in county_pool() if c not in taken]
        towns = sorted((code, town) for code, names in TOWNS.items() for town in names)
        picks = {
            QUEUE: self.rng.sample(queue, len(queue)),
            ELSEWHERE: self.rng.sample(elsewhere, len(elsewhere)),
            TOWN: self.rng.sample(towns, len(towns)),
        }
        sites = {}
        for planted in PLANTED[self.technology]:
            kind, index = planted.site
            choices = picks[kind]
            code, place = choices[index % len(choices)]
            sites[planted.site] = (code, None, place) if kind == TOWN else (code, place, None)
        return sites

    def planted(self) -> list[Rule]:
        rules = []
        sites = self.sites()
        for planted in PLANTED[self.technology]:
            code, county, town = sites[planted.site]
            first = min(planted.editions)
            rules.append(
                Rule(
                    state=self.state_as_written(code),
                    county=county,
                    town=town,
                    feature_label=planted.label,
                    feature=planted.feature,
                    value_type=planted.value_type,
                    value=planted.value,
                    citation=self.citation(county, town),
                    comment=planted.comment,
                    ordinance_year=planted.ordinance_year,
                    captured=VINTAGES[first].year,
                    editions=planted.editions,
                    expected_ban=planted.expected_ban,
                    planted=True,
                    update_status=planted.update_status,
                )
            )
        return rules

    def state_wide(self) -> list[Rule]:
        return [
            Rule(
                state=self.state_as_written(code),
                county=None,
                town=None,
                feature_label=label,
                feature=STATE_WIDE_FEATURES[label],
                value_type=value_type,
                value=value,
                citation=f"{STATES[code].name} Rev. Stat. § {self.rng.randint(100, 999)}",
                comment=None,
                ordinance_year=VINTAGES[min(editions)].year - 1,
                captured=VINTAGES[min(editions)].year,
                editions=editions,
                state_wide=True,
            )
            for code, label, value_type, value, editions in STATE_WIDE[self.technology]
        ]


def simulate_ordinances(technology: str, scale: int = 1, seed: int | None = None) -> list[Rule]:
    """Every rule of one technology's database across both editions, in the database's order
    (state, county or town; background rules of a jurisdiction before planted ones)."""
    builder = DatabaseBuilder(
        technology, scale, random.Random(SEEDS[technology] if seed is None else seed)
    )
    rules = builder.background() + builder.planted() + builder.state_wide()
    return sorted(rules, key=lambda r: (r.state.strip(), r.county or "", r.town or ""))


def in_edition(rules: list[Rule], edition: int) -> list[Rule]:
    return [rule for rule in rules if edition in rule.editions]


def expected_bans(rules: list[Rule], edition: int) -> dict[Jurisdiction, set[str]]:
    """The de facto bans the planted local rules of an edition declare, by jurisdiction."""
    bans: dict[Jurisdiction, set[str]] = {}
    for rule in in_edition(rules, edition):
        if rule.expected_ban and not rule.state_wide:
            bans.setdefault(rule.jurisdiction, set()).add(rule.expected_ban)
    return bans


# --- files ------------------------------------------------------------------------------------


def county_row(rule: Rule, edition: int) -> list[Cell]:
    """One rule's cells in an edition's `County, State` sheet, in COUNTY_HEADER order."""
    second = edition == SECOND and FIRST in rule.editions
    changed = edition == SECOND and rule.update_status is not None
    recaptured = second and rule.recaptured
    return [
        rule.state,
        rule.town,
        rule.county,
        rule.feature_label,
        rule.value_type,
        rule.value,
        rule.citation,
        rule.comment,
        None,
        None,
        None,
        rule.ordinance_year,
        rule.captured,
        VINTAGES[SECOND].year if recaptured or changed else None,
        rule.update_status if changed else ("No change" if recaptured else None),
    ]


def state_rows(rules: list[Rule], edition: int) -> list[list[Cell]]:
    """The `State` sheet: each state-wide rule, and every other fleet state with empty cells."""
    listed = in_edition([r for r in rules if r.state_wide], edition)
    with_rule = {rule.state.strip() for rule in listed}
    rows: list[tuple[str, list[Cell]]] = [
        (
            rule.state.strip(),
            [rule.state, rule.feature_label, rule.value_type, rule.value, None, rule.citation,
             rule.ordinance_year, rule.captured],
        )
        for rule in listed
    ]  # fmt: skip
    names = sorted(STATES[code].name for code in MAINLAND_STATES)
    rows += [(name, [name]) for name in names if name not in with_rule]
    return [cells for _, cells in sorted(rows, key=lambda row: row[0])]


def value_ranges(technology: str) -> list[tuple[str, str]]:
    """NREL's working note of which Value Types each feature takes."""
    return sorted(
        {
            (draw.labels[0], value_type.strip())
            for draw in BACKGROUND[technology]
            for value_type, *_ in draw.values
        }
    )


def ordinance_workbook(rules: list[Rule], technology: str, edition: int) -> bytes:
    """One edition's workbook: sheets State, County, State (header on row 1), Value Ranges."""
    vintage = VINTAGES[edition]
    workbook, output = new_workbook(
        published_at(vintage, PUBLISHED_AT), f"{TITLES[technology]} Ordinances", "NREL"
    )
    state = workbook.add_worksheet(STATE_SHEET)
    state.write_row(0, 0, STATE_HEADER)
    for row, cells in enumerate(state_rows(rules, edition), start=1):
        write_cells(state, row, cells)
    county = workbook.add_worksheet(COUNTY_SHEET)
    county.write_row(0, 0, COUNTY_HEADER)
    local = [r for r in in_edition(rules, edition) if not r.state_wide]
    for row, rule in enumerate(local, start=1):
        write_cells(county, row, county_row(rule, edition))
    ranges = workbook.add_worksheet(VALUE_RANGES_SHEET)
    ranges.write_row(0, 0, ("Feature Type", "Value Type"))
    for row, pair in enumerate(value_ranges(technology), start=1):
        ranges.write_row(row, 0, pair)
    workbook.close()
    return output.getvalue()


def workbook_path(technology: str, edition: int) -> str:
    """The workbook's path on the catalog: each edition is a new file."""
    name = f"US_{TITLES[technology]}_Ordinances_{VINTAGES[edition].year}.xlsx"
    return f"{FILE_FOLDERS[technology]}/{name}"


LANDING_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head><title>U.S. {title} Siting Regulation and Zoning Ordinances - OEDI</title></head>
<body>
<h1>U.S. {title} Siting Regulation and Zoning Ordinances</h1>
<p>Publicly available state and local {technology} siting ordinances (setbacks, height and
noise limits, bans, moratoria) compiled by the National Renewable Energy Laboratory.</p>
<p>Last updated: {updated}</p>
<h2>Resources</h2>
<ul>
<li><a href="{workbook}">US {title} Ordinances {year} (XLSX)</a></li>
<li><a href="{folder}/Ordinance_Database_Methodology.pdf">Methodology (PDF)</a></li>
<li><a href="{folder}/ordinance_map_{year}.png">Map of ordinances (PNG)</a></li>
</ul>
</body>
</html>
"""


def landing_page(technology: str, edition: int) -> str:
    """The submission page as it stood at an edition: it links that edition's workbook."""
    vintage = VINTAGES[edition]
    return LANDING_TEMPLATE.format(
        title=TITLES[technology],
        technology=technology,
        updated=f"{vintage:%B %d, %Y}",
        workbook=workbook_path(technology, edition),
        folder=FILE_FOLDERS[technology],
        year=vintage.year,
    )


def write_ordinance_snapshot(
    technology: str, source_dir: Path, scale: int = 1, seed: int | None = None
) -> list[date]:
    """Write each edition's landing page and workbook and `responses.json`; return vintages."""
    rules = simulate_ordinances(technology, scale, seed)
    landing_url = LANDING_URLS[technology]
    clear_generated(source_dir, ("pages", "files"))
    entries = []
    for edition, vintage in enumerate(VINTAGES):
        page = landing_page(technology, edition)
        workbook_url = discover_workbook(page, landing_url)
        if workbook_url is None:
            raise RuntimeError(f"the {technology} landing page links no ordinance workbook")
        published = published_at(vintage, PUBLISHED_AT)
        entries.append(
            record_response(
                source_dir, landing_url, f"pages/{vintage}/submission.html", page.encode(),
                HTML, published, vintage=vintage,
            )
        )  # fmt: skip
        entries.append(
            record_response(
                source_dir, workbook_url, f"files/{vintage}/{workbook_url.rsplit('/', 1)[-1]}",
                ordinance_workbook(rules, technology, edition), XLSX, published, vintage=vintage,
            )
        )  # fmt: skip
    write_snapshot_index(source_dir, entries)
    return list(VINTAGES)


def write_nrel_wind_ordinances_snapshot(
    source_dir: Path, scale: int = 1, seed: int = SEEDS[WIND]
) -> list[date]:
    """The bundled snapshot of NREL's wind ordinance database: two editions."""
    return write_ordinance_snapshot(WIND, source_dir, scale, seed)


def write_nrel_solar_ordinances_snapshot(
    source_dir: Path, scale: int = 1, seed: int = SEEDS[SOLAR]
) -> list[date]:
    """The bundled snapshot of NREL's solar ordinance database: two editions."""
    return write_ordinance_snapshot(SOLAR, source_dir, scale, seed)
