"""NREL ordinance databases: the real 2022 wind and solar files, the bundled synthetic editions,
the label mappings, the de facto ban reading, the landing-page fetch and bad files."""

import io
from collections import Counter
from datetime import UTC, date, datetime
from functools import cache

import polars as pl
import pytest
import xlsxwriter

from maestro_assets.lib.errors import FetchError, FormatError, SchemaError
from maestro_assets.lib.http import SnapshotStore, SourceClient, write_snapshot_index
from maestro_assets.lib.settings import SourceMode
from maestro_assets.lib.sources import nrel_ordinances
from maestro_assets.lib.sources.nrel_ordinances import (
    ADAPTERS,
    COUNTY_SHEET,
    FEATURE_LABELS,
    SOLAR,
    SPECS,
    STATE_SHEET,
    TECHNOLOGIES,
    UNIT_LABELS,
    WIND,
    de_facto_bans,
    discover_workbook,
    judge_rule,
    normalize_feature,
    normalize_unit,
    numbers_in,
    parse_ordinances,
    rule_judgments,
    unknown_labels,
    workbook_saved_on,
)
from maestro_assets.lib.spreadsheet import Workbook
from maestro_assets.lib.synthetic.eia860m import STATES, simulate_fleet
from maestro_assets.lib.synthetic.eia860m import TECHNOLOGIES as FLEET_TECHNOLOGIES
from maestro_assets.lib.synthetic.nrel_ordinances import (
    BACKGROUND,
    COUNTY_HEADER,
    FIRST,
    PLANTED,
    QUEUE,
    SECOND,
    VINTAGES,
    expected_bans,
    in_edition,
    landing_page,
    simulate_ordinances,
    write_nrel_solar_ordinances_snapshot,
    write_nrel_wind_ordinances_snapshot,
)
from maestro_assets.lib.synthetic.recording import record_response
from maestro_assets_tests.conftest import SNAPSHOTS, realdata_file

REAL_FILES = {
    WIND: "opposition/nrel_wind_ordinances_2022.xlsx",
    SOLAR: "opposition/nrel_solar_ordinances_2022.xlsx",
}
WRITERS = {WIND: write_nrel_wind_ordinances_snapshot, SOLAR: write_nrel_solar_ordinances_snapshot}


def snapshot_dir(technology: str):
    return SNAPSHOTS / f"nrel_{technology}_ordinances"


def bans_by_jurisdiction(frame: pl.DataFrame) -> dict[tuple, set[str]]:
    return {
        (row["state"], row["county"], row["town"]): set(row["ban_reasons"])
        for row in de_facto_bans(frame).iter_rows(named=True)
    }


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for index, row in enumerate(rows):
            sheet.write_row(index, 0, row)
    book.close()
    return buffer.getvalue()


# --- the real 2022 files ---------------------------------------------------------------------


@cache
def real_content(technology: str) -> bytes:
    return realdata_file(REAL_FILES[technology]).read_bytes()


@cache
def real_parsed(technology: str):
    return parse_ordinances(real_content(technology), REAL_FILES[technology], technology)


def real_local(technology: str) -> pl.DataFrame:
    frame = real_parsed(technology).frame
    return frame.filter(pl.col("sheet") == COUNTY_SHEET)


def real_row(technology: str, source_row: int) -> dict:
    (row,) = (
        rule_judgments(real_local(technology))
        .filter(pl.col("source_row") == source_row)
        .iter_rows(named=True)
    )
    return row


@pytest.mark.parametrize(
    ("technology", "local_rows", "state_rules", "states_without_rule"),
    [(WIND, 1833, 19, 39), (SOLAR, 838, 2, 50)],
)
def test_every_rule_of_both_rule_sheets_is_parsed_with_its_sheet_row(
    technology, local_rows, state_rules, states_without_rule
):
    parsed = real_parsed(technology)
    assert parsed.notes["rows_by_sheet"] == {COUNTY_SHEET: local_rows, STATE_SHEET: state_rules}
    assert parsed.notes["note_rows_dropped"] == states_without_rule
    assert parsed.notes["sheets_without_rules"] == ["Value Ranges", "Sheet1"]
    assert parsed.notes["unrecognized_columns"] == []
    local = real_local(technology)
    assert local["source_row"].to_list() == list(range(2, local_rows + 2))  # header on row 1
    assert set(parsed.frame["technology"]) == {technology}


def test_real_wind_rows_keep_their_cells_as_published():
    baldwin = real_row(WIND, 2)
    assert (baldwin["state"], baldwin["county"], baldwin["city_town"]) == (
        "Alabama",
        "Baldwin",
        None,
    )
    assert (baldwin["feature_type"], baldwin["value"]) == ("Banned", None)
    assert baldwin["citation"] == "Baldwin County Zoning Ordinance Sec. 13.13"
    assert baldwin["original_captured_date"] == "2018"
    cherokee = real_row(WIND, 3)
    assert (cherokee["feature_type"], cherokee["value_type"], cherokee["value"]) == (
        "Sound",
        "dBA",
        "40",
    )
    state_wide = real_parsed(WIND).frame.filter(pl.col("sheet") == STATE_SHEET)
    california = state_wide.filter(pl.col("source_row") == 6).row(0, named=True)
    assert (california["state"], california["feature_type"], california["value"]) == (
        "California",
        "Property Line",
        "1",
    )


def test_real_solar_rows_keep_their_cells_as_published():
    riverhead = real_row(SOLAR, 516)
    assert (riverhead["state"], riverhead["county"], riverhead["city_town"]) == (
        "New York",
        None,
        "Riverhead",
    )
    assert (riverhead["feature_type"], riverhead["value_type"], riverhead["value"]) == (
        "Height",
        "Meters",
        "2.5",
    )
    assert real_row(SOLAR, 2)["value_type"] == "Maximum Structure Height"


@pytest.mark.parametrize("technology", TECHNOLOGIES)
def test_every_real_feature_and_unit_label_is_declared_in_the_mappings(technology):
    assert unknown_labels(real_parsed(technology).frame) == {"feature_type": [], "value_type": []}


def test_real_feature_types_normalize_to_their_published_totals():
    wind = Counter(normalize_feature(f) for f in real_local(WIND)["feature_type"])
    assert wind["structures"] == 372  # `Structures` 371 + `Structures ` 1
    assert wind["property_line"] == 354  # + `Property ` (Pawnee, Kansas)
    assert wind["sound"] == 220  # `Sound` 219 + `Noise` 1
    assert wind["height"] == 91  # `Height` 87 + `Height ` 4
    assert wind["banned"] == 54 and wind["moratorium"] == 1
    assert wind["tower_density"] == 19  # includes `Tower Denisty `
    assert sum(wind.values()) == 1833
    solar = Counter(normalize_feature(f) for f in real_local(SOLAR)["feature_type"])
    assert solar["height"] == 190  # `Height` 115 + `Height ` 75
    assert solar["property_line"] == 233
    assert solar["sound"] == 36  # Sound, Sounds, Noise, `Noise `
    assert (solar["banned"], solar["moratorium"]) == (2, 2)


def test_real_units_are_mostly_tip_height_multiples_for_wind_and_meters_for_solar():
    wind = Counter(normalize_unit(u) for u in real_local(WIND)["value_type"])
    assert (wind["tip_height_multiplier"], wind["meters"], wind["dba"]) == (930, 518, 218)
    solar = Counter(normalize_unit(u) for u in real_local(SOLAR)["value_type"])
    assert (solar["meters"], solar["acres"], solar["structure_height_multiplier"]) == (707, 71, 10)


def test_real_wind_de_facto_bans_by_reason():
    bans = de_facto_bans(real_parsed(WIND).frame)
    assert bans.height == 105
    reasons = Counter(reason for row in bans["ban_reasons"] for reason in row)
    assert reasons == {
        "outright_ban": 54,
        "tip_height_at_most_130_m": 32,
        "setback_at_least_1_mile": 15,
        "noise_at_most_35_dba": 11,
        "moratorium": 1,
    }


def test_real_solar_de_facto_bans_by_reason():
    bans = de_facto_bans(real_parsed(SOLAR).frame)
    assert bans.height == 13
    reasons = Counter(reason for row in bans["ban_reasons"] for reason in row)
    assert reasons == {
        "setback_at_least_750_ft": 8,
        "outright_ban": 2,
        "moratorium": 2,
        "height_at_most_9_ft": 1,
    }


def test_known_real_jurisdictions_are_flagged_for_each_of_their_reasons():
    wind = bans_by_jurisdiction(real_parsed(WIND).frame)
    assert wind[("North Carolina", "Carteret", None)] == {
        "setback_at_least_1_mile",
        "noise_at_most_35_dba",
        "tip_height_at_most_130_m",
    }
    assert wind[("Nebraska", "Thomas", None)] == {"setback_at_least_1_mile", "noise_at_most_35_dba"}
    assert wind[("Idaho", "Fremont", None)] == {"moratorium"}
    assert ("Arizona", "Apache", None) not in wind  # 1/2 mile setback, 55 dBA, multiples
    solar = bans_by_jurisdiction(real_parsed(SOLAR).frame)
    assert solar[("New York", None, "Riverhead")] == {"height_at_most_9_ft"}  # 8 ft as 2.5 m
    assert solar[("Illinois", "Clinton", None)] == {"setback_at_least_750_ft"}  # 750 ft as 229 m


def test_a_real_ban_row_carries_its_citation_year_and_source_rows():
    bans = de_facto_bans(real_parsed(WIND).frame)
    thomas = bans.filter((pl.col("state") == "Nebraska") & (pl.col("county") == "Thomas"))
    row = thomas.row(0, named=True)
    assert row["technology"] == WIND
    assert row["ordinance_year"] == 2019
    assert row["source_rows"] == [1181, 1182, 1184]
    assert row["citation"] == "Thomas County Zoning Regs. § 6.56"


def test_real_setbacks_as_multiples_of_tip_height_are_not_judged_and_say_why():
    apache_roads = real_row(WIND, 14)
    assert apache_roads["unit"] == "tip_height_multiplier"
    assert apache_roads["ban_reason"] is None
    assert "cannot be judged alone" in apache_roads["not_judged_reason"]
    judged = rule_judgments(real_local(WIND))
    assert judged["not_judged_reason"].is_not_null().sum() == 734


def test_a_real_rounded_mile_still_counts_as_a_mile():
    carteret_roads = real_row(WIND, 1317)  # 1 mile written 1606.34 m
    assert carteret_roads["ban_reason"] == "setback_at_least_1_mile"


def test_a_real_noise_limit_written_in_a_length_unit_is_not_judged():
    shelby = real_row(WIND, 1651)  # 55 with Value Type `Max tip-height Multiplier`
    assert shelby["ban_reason"] is None
    assert shelby["not_judged_reason"] == "Value Type 'Max tip-height Multiplier': not a sound unit"


def test_real_state_wide_rules_are_parsed_but_not_judged():
    frame = real_parsed(WIND).frame
    state_wide = rule_judgments(frame.filter(pl.col("sheet") == STATE_SHEET))
    assert state_wide["county"].null_count() == state_wide.height
    tennessee = state_wide.filter(pl.col("state") == "Tennessee")
    assert set(tennessee["ban_reason"].drop_nulls()) == {"noise_at_most_35_dba"}  # rule by rule
    bans = de_facto_bans(frame)
    assert bans.filter(pl.col("county").is_null() & pl.col("town").is_null()).height == 0
    assert "Tennessee" not in set(bans["state"].drop_nulls())


def test_a_real_local_rule_without_a_state_keeps_its_town():
    bans = de_facto_bans(real_parsed(WIND).frame)
    brownsville = bans.filter(pl.col("town") == "Brownsville").row(0, named=True)
    assert (brownsville["state"], brownsville["county"]) == (None, None)  # as published
    assert brownsville["ban_reasons"] == ["outright_ban"]


@pytest.mark.parametrize("technology", TECHNOLOGIES)
def test_the_real_workbook_states_when_it_was_saved(technology):
    assert workbook_saved_on(real_content(technology)) == date(2022, 6, 23)


# --- the mappings and the reading, rule by rule -----------------------------------------------


@pytest.mark.parametrize(
    ("label", "feature"),
    [
        ("Height ", "height"),
        ("Tower Denisty ", "tower_density"),
        ("Noise", "sound"),
        ("Property line", "property_line"),
        ("Mimimum Lot Size", "minimum_lot_size"),
        ("Wabash River", "water"),
        ("U.S. Route 13", "highways"),
        ("Solar Glare", "solar_glare"),  # unknown: a slug of itself
    ],
)
def test_feature_labels_normalize_through_the_one_mapping(label, feature):
    assert normalize_feature(label) == feature


@pytest.mark.parametrize(
    ("label", "unit"),
    [
        ("Max tip-height Multiplier  ", "tip_height_multiplier"),
        ("Max-tip height Multiplier", "tip_height_multiplier"),
        ("Rotor Diameter Mutliplier", "rotor_diameter_multiplier"),
        ("Meter", "meters"),
        ("dBa", "dba"),
        ("Feet", "feet"),
        ("Miles", "miles"),
        ("Furlongs", None),
    ],
)
def test_value_types_normalize_through_the_one_mapping(label, unit):
    assert normalize_unit(label) == unit


def test_no_label_is_declared_for_two_canonical_names():
    for mapping in (FEATURE_LABELS, UNIT_LABELS):
        labels = [label for labels in mapping.values() for label in labels]
        assert len(labels) == len(set(labels))


@pytest.mark.parametrize(
    ("technology", "feature", "unit", "value", "reason"),
    [
        (WIND, "Structures", "Miles", "1", "setback_at_least_1_mile"),
        (WIND, "Structures", "Feet", "5280", "setback_at_least_1_mile"),
        (WIND, "Structures", "Feet", "5000", None),
        (WIND, "Property Line", "Meters", "1609.34", "setback_at_least_1_mile"),
        (WIND, "Railroads", "Meters", "3218.69", None),  # not a setback the reading covers
        (WIND, "Sound", "dBA", "35", "noise_at_most_35_dba"),
        (WIND, "Sound", "dBA", "36", None),
        (WIND, "Sound", "dBA", "55/50/45", None),
        (WIND, "Sound", "dBA", "40/35", "noise_at_most_35_dba"),  # the night limit binds
        (WIND, "Height", "Feet", "400", "tip_height_at_most_130_m"),
        (WIND, "Height", "Meters", "152.4", None),
        (WIND, "Banned", None, None, "outright_ban"),
        (WIND, "Moratorium", "N/A", None, "moratorium"),
        (SOLAR, "Height", "Feet", "9", "height_at_most_9_ft"),
        (SOLAR, "Height", "Feet", "10", None),
        (SOLAR, "Structures", "Feet", "750", "setback_at_least_750_ft"),
        (SOLAR, "Structures", "Feet", "700", None),
        (SOLAR, "Property Line", "Miles", "0.25", "setback_at_least_750_ft"),
        (SOLAR, "Sound", "dBA", "30", None),  # noise is not part of the solar reading
    ],
)
def test_each_rule_is_read_against_its_technologys_limits(technology, feature, unit, value, reason):
    assert judge_rule(technology, feature, unit, value).ban_reason == reason


def test_distances_in_feet_and_miles_are_converted_to_meters():
    assert judge_rule(WIND, "Structures", "Feet", "1000").amount == pytest.approx(304.8)
    assert judge_rule(WIND, "Structures", "Miles", "2").amount == pytest.approx(3218.688)
    assert judge_rule(SOLAR, "Height", "Feet", "8").amount == pytest.approx(2.4384)


def test_a_value_holding_no_number_is_not_judged_and_says_why():
    judgment = judge_rule(WIND, "Structures", "Meters", "see ordinance")
    assert judgment.ban_reason is None
    assert judgment.not_judged_reason == "Value 'see ordinance' holds no number"


def test_numbers_are_read_from_alternatives_ranges_and_thousands():
    assert numbers_in("55/50/45") == [55.0, 50.0, 45.0]
    assert numbers_in("152.4 - 457.2") == [152.4, 457.2]
    assert numbers_in("15,840") == [15840.0]
    assert numbers_in(None) == []


# --- the bundled synthetic editions -----------------------------------------------------------


@cache
def simulated(technology: str):
    return simulate_ordinances(technology)


@cache
def bundled(technology: str, edition: int) -> bytes:
    vintage = VINTAGES[edition]
    folder = snapshot_dir(technology) / "files" / vintage.isoformat()
    (path,) = folder.glob("*.xlsx")
    return path.read_bytes()


@cache
def bundled_parsed(technology: str, edition: int):
    return parse_ordinances(bundled(technology, edition), f"edition {edition}", technology)


@pytest.mark.parametrize("technology", TECHNOLOGIES)
def test_the_bundled_snapshot_is_what_the_generator_writes(technology, tmp_path):
    assert WRITERS[technology](tmp_path) == list(VINTAGES)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    bundled_files = sorted(
        p.relative_to(snapshot_dir(technology))
        for p in snapshot_dir(technology).rglob("*")
        if p.is_file()
    )
    assert written == bundled_files
    for relative in written:
        assert (tmp_path / relative).read_bytes() == (
            snapshot_dir(technology) / relative
        ).read_bytes()


@pytest.mark.parametrize("technology", TECHNOLOGIES)
def test_each_edition_is_fetched_through_its_landing_page_in_snapshot_mode(technology):
    client = SourceClient(
        f"nrel_{technology}_ordinances", SourceMode.SNAPSHOT, SNAPSHOTS, "maestro-tests/0"
    )
    adapter = {a.spec.source_id: a for a in ADAPTERS}[f"nrel_{technology}_ordinances"]
    assert adapter.available_partitions(client) == list(VINTAGES)
    for edition, vintage in enumerate(VINTAGES):
        (response,) = adapter.fetch(client, vintage)
        assert response.url.endswith(f"_Ordinances_{vintage.year}.xlsx")
        assert response.content == bundled(technology, edition)
        assert adapter.stated_vintage(response.content) == vintage


@pytest.mark.parametrize("technology", TECHNOLOGIES)
def test_two_editions_of_a_couple_of_hundred_rules_are_recorded(technology):
    store = SnapshotStore(snapshot_dir(technology), f"nrel_{technology}_ordinances")
    assert store.vintages() == list(VINTAGES)
    for edition in (FIRST, SECOND):
        assert 150 <= bundled_parsed(technology, edition).frame.height <= 250


@pytest.mark.parametrize("technology", TECHNOLOGIES)
@pytest.mark.parametrize("edition", [FIRST, SECOND])
def test_each_edition_lists_the_simulated_rules_in_the_real_layout(technology, edition):
    frame = bundled_parsed(technology, edition).frame
    rules = in_edition(simulated(technology), edition)
    assert frame.height == len(rules)
    written = Counter(
        (r.state.strip(), r.county, r.town, r.feature_label.strip(), r.state_wide) for r in rules
    )
    parsed = Counter(
        (
            row["state"],
            row["county"],
            row["city_town"],
            row["feature_type"],
            row["sheet"] == STATE_SHEET,
        )
        for row in frame.iter_rows(named=True)
    )
    assert parsed == written
    local = frame.filter(pl.col("sheet") == COUNTY_SHEET)
    assert local["source_row"].to_list() == list(range(2, local.height + 2))


@pytest.mark.parametrize("technology", TECHNOLOGIES)
def test_every_label_the_generator_writes_normalizes_to_the_feature_it_means(technology):
    for rule in simulated(technology):
        assert normalize_feature(rule.feature_label) == rule.feature
    assert unknown_labels(bundled_parsed(technology, SECOND).frame) == {
        "feature_type": [],
        "value_type": [],
    }


@pytest.mark.parametrize("technology", TECHNOLOGIES)
def test_the_editions_carry_label_drift_and_several_units(technology):
    frame = pl.concat([bundled_parsed(technology, e).frame for e in (FIRST, SECOND)])
    spellings = Counter(normalize_feature(label) for label in set(frame["feature_type"]))
    assert max(spellings.values()) >= 2  # one feature, several labels
    assert any(r.feature_label != r.feature_label.strip() for r in simulated(technology))
    assert any(r.state != r.state.strip() for r in simulated(technology))
    units = {normalize_unit(u) for u in frame["value_type"].drop_nulls()}
    assert {"meters", "feet", "miles", "dba"} <= units


@pytest.mark.parametrize("technology", TECHNOLOGIES)
@pytest.mark.parametrize("edition", [FIRST, SECOND])
def test_de_facto_bans_of_each_edition_are_the_planted_ones(technology, edition):
    found = bans_by_jurisdiction(bundled_parsed(technology, edition).frame)
    assert found == expected_bans(simulated(technology), edition)
    assert found  # every edition holds some


@pytest.mark.parametrize("technology", TECHNOLOGIES)
def test_new_bans_of_the_second_edition_hit_counties_holding_queue_projects(technology):
    fleet = simulate_fleet(1, 860)
    name = FLEET_TECHNOLOGIES[technology].name
    planned = {
        (STATES[r.generator.site.state].name, r.generator.site.county)
        for records in fleet.values()
        for r in records
        if r.sheet == "Planned" and r.generator.technology.name == name
    }
    new_in_queue = [
        p for p in PLANTED[technology] if p.site[0] == QUEUE and p.editions == (SECOND,)
    ]
    by_comment = {r.comment: r for r in simulated(technology)}
    first = bans_by_jurisdiction(bundled_parsed(technology, FIRST).frame)
    second = bans_by_jurisdiction(bundled_parsed(technology, SECOND).frame)
    banning = [p for p in new_in_queue if p.expected_ban]
    assert len(banning) >= 4
    for planted in new_in_queue:
        state, county, town = by_comment[planted.comment].jurisdiction
        assert (state, county) in planned and town is None
    for planted in banning:
        place = by_comment[planted.comment].jurisdiction
        assert planted.expected_ban in second[place]
        assert planted.expected_ban not in first.get(place, set())


def test_a_setback_tightened_between_editions_becomes_a_ban_with_its_update_status():
    rules = simulated(WIND)
    (changed,) = [r for r in rules if r.update_status and r.editions == (SECOND,)]
    second = bundled_parsed(WIND, SECOND).frame
    row = second.filter(
        (pl.col("county") == changed.county)
        & (pl.col("update_status").is_not_null())
        & (pl.col("feature_type") == changed.feature_label.strip())
    ).row(0, named=True)
    assert row["update_status"] == "Changed from 804.67 to 1609.34"
    assert row["new_capture_date"] == str(VINTAGES[SECOND].year)
    before = bans_by_jurisdiction(bundled_parsed(WIND, FIRST).frame)
    after = bans_by_jurisdiction(second)
    assert "setback_at_least_1_mile" not in before.get(changed.jurisdiction, set())
    assert "setback_at_least_1_mile" in after[changed.jurisdiction]


def test_a_moratorium_lifted_before_the_second_edition_is_gone_from_it():
    (lifted,) = [r for r in simulated(WIND) if r.feature == "moratorium"]
    assert lifted.editions == (FIRST,)
    first = bans_by_jurisdiction(bundled_parsed(WIND, FIRST).frame)
    second = bans_by_jurisdiction(bundled_parsed(WIND, SECOND).frame)
    assert "moratorium" in first[lifted.jurisdiction]
    assert "moratorium" not in second.get(lifted.jurisdiction, set())


@pytest.mark.parametrize("technology", TECHNOLOGIES)
def test_planted_multiples_of_equipment_size_are_not_judged(technology):
    judged = rule_judgments(bundled_parsed(technology, SECOND).frame)
    multiples = [p for p in PLANTED[technology] if "Multiplier" in (p.value_type or "")]
    multiples += [p for p in PLANTED[technology] if p.value_type == "Maximum Structure Height"]
    assert multiples
    for planted in multiples:
        (row,) = judged.filter(pl.col("comment") == planted.comment).iter_rows(named=True)
        assert row["ban_reason"] is None
        assert "cannot be judged alone" in row["not_judged_reason"]


@pytest.mark.parametrize("technology", TECHNOLOGIES)
def test_a_state_wide_limit_the_local_reading_would_count_is_landed_but_not_flagged(technology):
    frame = bundled_parsed(technology, SECOND).frame
    state_wide = rule_judgments(frame.filter(pl.col("sheet") == STATE_SHEET))
    banning = state_wide.filter(pl.col("ban_reason").is_not_null())
    assert banning.height == 1  # rule by rule it reads as a ban
    bans = de_facto_bans(frame)
    assert bans.filter(pl.col("county").is_null() & pl.col("town").is_null()).height == 0


def test_background_draws_never_reach_a_ban():
    for technology, draws in BACKGROUND.items():
        for draw in draws:
            for value_type, low, high, _ in draw.values:
                for value in (low, high):
                    judgment = judge_rule(technology, draw.labels[0], value_type, str(value))
                    assert judgment.ban_reason is None, (technology, draw.feature, value_type)


def test_the_synthetic_county_sheet_header_is_the_real_one():
    real = Workbook(real_content(WIND), "nrel_wind_ordinances", "real").cells(COUNTY_SHEET)[0]
    assert tuple(real.row(0)) == COUNTY_HEADER


# --- fetching and bad files ---------------------------------------------------------------------


def test_the_landing_page_link_to_the_workbook_is_found_and_made_absolute():
    page = landing_page(WIND, SECOND)
    url = discover_workbook(page, "https://data.openei.org/submissions/8519")
    assert url == "https://data.openei.org/files/8519/US_Wind_Ordinances_2026.xlsx"


def test_a_landing_page_without_an_ordinance_workbook_is_a_fetch_error(tmp_path):
    source_id = "nrel_solar_ordinances"
    page = b"<html><body><a href='/files/8602/readme.pdf'>Readme</a></body></html>"
    vintage = date(2027, 6, 30)
    entry = record_response(
        tmp_path / source_id,
        SPECS[SOLAR].landing_url,
        "page.html",
        page,
        "text/html",
        datetime(2027, 6, 30, tzinfo=UTC),
        vintage=vintage,
    )
    write_snapshot_index(tmp_path / source_id, [entry])
    client = SourceClient(source_id, SourceMode.SNAPSHOT, tmp_path, "maestro-tests/0")
    with pytest.raises(FetchError, match="links no ordinance workbook"):
        nrel_ordinances.SOLAR_ADAPTER.fetch(client, vintage)


def test_a_missing_required_column_is_a_schema_error_naming_it():
    header = [c for c in COUNTY_HEADER if c != "Value Type"]
    row = ["Iowa", None, "Story", "Sound", 45]
    content = workbook_bytes({COUNTY_SHEET: [header, row]})
    with pytest.raises(SchemaError, match=r"missing required column\(s\): value_type"):
        parse_ordinances(content, "renamed.xlsx", WIND)


def test_a_workbook_without_the_county_sheet_is_a_schema_error_naming_it():
    content = workbook_bytes({"All Ordinances": [["State", "Feature", "Value", "Units"]]})
    with pytest.raises(SchemaError, match="sheet 'County, State' is missing"):
        parse_ordinances(content, "layout-2025.xlsx", SOLAR)


def test_a_workbook_without_the_state_sheet_still_parses_its_local_rules():
    row = ["Iowa", None, "Story", "Sound", "dBA", 45, "Story County Code", None]
    header = [*COUNTY_HEADER[:7], "Ordinance Year"]
    parsed = parse_ordinances(workbook_bytes({COUNTY_SHEET: [header, row]}), "x.xlsx", WIND)
    assert parsed.frame.height == 1
    assert parsed.frame["year_captured"].null_count() == 1


def test_an_html_page_is_a_format_error_naming_html():
    page = b"<!DOCTYPE html><html><head><title>Submission not found</title></head></html>"
    with pytest.raises(FormatError, match="HTML page titled 'Submission not found'"):
        parse_ordinances(page, "workbook", WIND)


@pytest.mark.parametrize("fraction", [0.3, 0.9])
def test_a_truncated_workbook_is_a_format_error(fraction):
    content = bundled(WIND, FIRST)
    with pytest.raises(FormatError):
        parse_ordinances(content[: int(len(content) * fraction)], "truncated.xlsx", WIND)


def test_both_specs_declare_the_opposition_domain_an_annual_cadence_and_grade_b():
    for technology in TECHNOLOGIES:
        spec = SPECS[technology]
        assert (spec.domain, spec.cadence.value, spec.reliability) == ("opposition", "annual", "B")
    assert "language model" in SPECS[SOLAR].known_gaps
    assert "language model" not in SPECS[WIND].known_gaps


def test_bans_of_a_frame_holding_several_vintages_are_kept_apart_by_vintage():
    frames = [
        bundled_parsed(SOLAR, edition).frame.with_columns(
            pl.lit(VINTAGES[edition]).alias("vintage")
        )
        for edition in (FIRST, SECOND)
    ]
    bans = de_facto_bans(pl.concat(frames))
    assert bans.columns[0] == "vintage"
    for edition, vintage in enumerate(VINTAGES):
        of_vintage = bans.filter(pl.col("vintage") == vintage).drop("vintage")
        found = {
            (r["state"], r["county"], r["town"]): set(r["ban_reasons"])
            for r in of_vintage.iter_rows(named=True)
        }
        assert found == expected_bans(simulated(SOLAR), edition)
