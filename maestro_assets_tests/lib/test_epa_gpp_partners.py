"""EPA Green Power Partnership lists: the bundled synthetic editions (each list's page and the
download it links), the list layout (title rows, header found by its columns, footnotes), the
first appearance of new buyers, and bad downloads. No real copy of a list is available here
(no network): the tests read the layout declared in the source module."""

import csv
import io
import itertools
from datetime import date
from functools import cache
from pathlib import Path

import httpx
import polars as pl
import pytest
import xlsxwriter

from maestro_assets.lib.errors import FetchError, FormatError, SchemaError
from maestro_assets.lib.http import HttpPolicy, SnapshotStore, SourceClient
from maestro_assets.lib.settings import SourceMode
from maestro_assets.lib.sources.epa_gpp_partners import (
    ADAPTER,
    LISTS,
    RAW_COLUMNS,
    SPEC,
    discover_download,
    fetch,
    parse,
    stated_vintage,
)
from maestro_assets.lib.spreadsheet import Workbook
from maestro_assets.lib.synthetic.corporate_buyers import BUYERS, sec_filers
from maestro_assets.lib.synthetic.epa_gpp_partners import (
    COLLEGE,
    FOOTNOTES,
    FORTUNE_500,
    HEADER,
    LOCAL_GOVERNMENT,
    NATIONAL_TOP_100,
    ORGANIZATIONS,
    TOP_30_COLLEGE,
    VINTAGES,
    list_page,
    list_rows,
    simulate_partners,
    write_epa_gpp_partners_snapshot,
)
from maestro_assets.lib.synthetic.procurement_news import HALCYON_SECOND, cast_for
from maestro_assets_tests.conftest import SNAPSHOTS

SNAPSHOT_DIR = SNAPSHOTS / "epa_gpp_partners"


def snapshot_client() -> SourceClient:
    return SourceClient(SPEC.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "maestro-tests/0")


@cache
def pulled(vintage: date):
    return tuple(fetch(snapshot_client(), vintage))


@cache
def edition(vintage: date) -> pl.DataFrame:
    """Every row of every list of an edition, as parsed from the bundled downloads."""
    frames = [parse(r.content, r.url).frame for r in pulled(vintage)]
    return pl.concat(frames).with_columns(pl.lit(vintage).alias("vintage"))


@cache
def all_editions() -> pl.DataFrame:
    return pl.concat([edition(v) for v in VINTAGES])


def first_listed() -> dict[str, date]:
    """Partner name -> the first edition any list names it in."""
    frame = all_editions().group_by("partner_name").agg(pl.col("vintage").min())
    return dict(frame.iter_rows())


def workbook(rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("National Top 100")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


TITLE_ROWS = [
    ["Green Power Partnership National Top 100"],
    ["Partner data current as of October 1, 2026"],
    [],
]
PARTNER = [1, "Acme Corporation", 1_250_000_000, "104%", "Business", "Sunridge Renewables", "Solar"]


# --- the bundled editions -----------------------------------------------------------------------


def test_the_bundled_snapshot_is_what_the_generator_writes(tmp_path):
    assert write_epa_gpp_partners_snapshot(tmp_path) == list(VINTAGES)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    bundled = sorted(p.relative_to(SNAPSHOT_DIR) for p in SNAPSHOT_DIR.rglob("*") if p.is_file())
    assert written == bundled
    for path in written:
        assert (tmp_path / path).read_bytes() == (SNAPSHOT_DIR / path).read_bytes()


def test_the_writer_writes_the_same_bytes_twice(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    write_epa_gpp_partners_snapshot(first, seed=11)
    write_epa_gpp_partners_snapshot(second, seed=11)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files and all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_six_quarterly_editions_record_each_lists_page_and_its_download():
    store = SnapshotStore(SNAPSHOT_DIR, SPEC.source_id)
    assert store.vintages() == list(VINTAGES) and len(VINTAGES) >= 5
    for vintage in VINTAGES:
        urls = {e["url"] for e in store.entries() if e["vintage"] == vintage.isoformat()}
        pages = {partner_list.page.public_url for partner_list in LISTS}
        assert pages <= urls and len(urls) == 2 * len(LISTS)
        downloads = urls - pages
        assert all(u.startswith("https://www.epa.gov/system/files/") for u in downloads)
        assert all(f"/{vintage:%Y-%m}/" in u and u.endswith(".xlsx") for u in downloads)


@pytest.mark.parametrize("vintage", VINTAGES)
def test_a_pull_finds_each_lists_download_on_its_page_and_reads_its_date(vintage):
    responses = pulled(vintage)
    assert len(responses) == len(LISTS)
    for partner_list, response in zip(LISTS, responses, strict=True):
        result = parse(response.content, response.url)
        assert result.notes["list_name"] == partner_list.name
        assert result.notes["current_as_of"] == vintage.isoformat()
        assert stated_vintage(response.content) == vintage
        assert result.frame.columns == list(RAW_COLUMNS)
        assert set(result.frame["list_name"]) == {partner_list.name}


@pytest.mark.parametrize("vintage", VINTAGES)
def test_each_list_holds_its_partners_ranked_by_usage_with_their_details(vintage):
    partners = simulate_partners()
    for response in pulled(vintage):
        result = parse(response.content, response.url)
        frame = result.frame
        expected = list_rows(partners, result.notes["list_name"], vintage)
        assert frame["partner_name"].to_list() == [row.partner.name for row in expected]
        assert frame["rank"].to_list() == [str(i) for i in range(1, frame.height + 1)]
        usage = [int(u) for u in frame["annual_green_power_usage_kwh"]]
        assert usage == sorted(usage, reverse=True)
        assert usage == [row.usage_kwh for row in expected]
        for row, partner in zip(frame.iter_rows(named=True), expected, strict=True):
            assert row["organization_type"] == partner.partner.organization_type
            assert row["gp_of_total_electricity_use"] == f"{partner.partner.gp_percent}%"
            assert row["providers"] and row["green_power_resources"]
        # rows keep their true sheet row: the header sits on row 5, below the title rows
        assert frame["source_row"].to_list() == list(range(6, 6 + frame.height))


def test_the_lists_have_their_declared_lengths_and_members():
    frame = edition(VINTAGES[-1])
    by_list = dict(frame.group_by("list_name").len().iter_rows())
    assert by_list[NATIONAL_TOP_100] == 100 and by_list[TOP_30_COLLEGE] == 30
    colleges = frame.filter(pl.col("list_name") == TOP_30_COLLEGE)
    assert set(colleges["organization_type"]) == {COLLEGE}
    fortune = frame.filter(pl.col("list_name") == FORTUNE_500)
    public = {b.epa_name for b in BUYERS if b.tickers and b.parent_id is None}
    assert set(fortune["partner_name"]) <= public
    assert set(fortune["organization_type"]) == {"Business"}


def test_footnotes_and_title_rows_are_not_partners():
    for response in pulled(VINTAGES[0]):
        result = parse(response.content, response.url)
        assert result.notes["note_rows_dropped"] == len(FOOTNOTES)
        names = " ".join(result.frame["partner_name"])
        assert "Green Power Partnership" not in names and "Notes:" not in names


def test_partners_are_listed_under_epas_names_not_their_sec_names():
    listed = set(all_editions()["partner_name"])
    filers = [b for b in sec_filers() if b.epa_name in listed]
    assert len(filers) >= 10
    assert {b.sec_name for b in filers if b.sec_name != b.epa_name} & listed == set()
    assert sum(b.sec_name != b.epa_name for b in filers) >= 10


def test_new_buyers_first_appear_after_their_first_purchase_edition_by_edition():
    first = first_listed()
    roster = {b.epa_name: b for b in BUYERS if b.epa_name}
    for name, seen in first.items():
        if name in roster:
            assert seen >= VINTAGES[0]
            assert roster[name].first_procurement < seen, name
    entrants = {name: seen for name, seen in first.items() if name in roster and seen > VINTAGES[0]}
    assert len(entrants) >= 5
    assert len(set(entrants.values())) >= 3  # they arrive over several editions
    latest = max(BUYERS, key=lambda b: b.first_procurement)
    assert latest.epa_name not in first  # too recent for any edition


def test_a_listed_new_buyer_stays_on_the_fortune_500_list():
    fortune = all_editions().filter(pl.col("list_name") == FORTUNE_500)
    for (name,), rows in fortune.group_by(["partner_name"]):
        seen = sorted(rows["vintage"])
        assert seen == [v for v in VINTAGES if v >= seen[0]], name


def test_organizations_that_never_file_with_the_sec_carry_their_organization_type():
    frame = all_editions()
    types = dict(frame.select("partner_name", "organization_type").unique().iter_rows())
    for org in ORGANIZATIONS:
        if org.epa_name in types:
            assert types[org.epa_name] == org.organization_type
    assert types["City of Larkspur Falls"] == LOCAL_GOVERNMENT
    assert types["Lakeshore State University"] == COLLEGE
    college = frame.filter(pl.col("list_name") == TOP_30_COLLEGE)
    joined = college.filter(pl.col("partner_name") == "Silver Hollow Community College District")
    assert joined["vintage"].min() > VINTAGES[0]


def test_ranks_move_and_a_partner_can_leave_the_national_top_100():
    top = all_editions().filter(pl.col("list_name") == NATIONAL_TOP_100)
    members = [set(top.filter(pl.col("vintage") == v)["partner_name"]) for v in VINTAGES]
    assert any(earlier - later for earlier, later in itertools.pairwise(members))


# --- the layout, and bad downloads ----------------------------------------------------------------


def test_a_csv_download_reads_like_the_xlsx_one():
    response = pulled(VINTAGES[-1])[0]
    cells, _ = Workbook(response.content, SPEC.source_id, response.url).cells(NATIONAL_TOP_100)
    text = io.StringIO()
    csv.writer(text).writerows(cells.iter_rows())
    from_csv = parse(text.getvalue().encode(), "national_top_100.csv")
    from_xlsx = parse(response.content, response.url)
    assert from_csv.notes["form"] == "csv" and from_xlsx.notes["form"] == "xlsx"
    assert from_csv.frame.drop("sheet").equals(from_xlsx.frame.drop("sheet"))


def test_the_header_is_found_below_any_number_of_title_rows():
    content = workbook([["Green Power Partnership National Top 100"], *[[]] * 7, HEADER, PARTNER])
    (row,) = parse(content, "top100.xlsx").frame.iter_rows(named=True)
    assert (row["partner_name"], row["source_row"], row["rank"]) == ("Acme Corporation", 10, "1")


def test_a_renamed_column_is_a_schema_error_naming_the_file_and_the_column():
    renamed = [*HEADER[:-1], "Resources"]
    with pytest.raises(SchemaError, match=r"green_power_resources") as error:
        parse(workbook([*TITLE_ROWS, renamed, PARTNER]), "top100_oct2026.xlsx")
    assert error.value.source_id == SPEC.source_id
    assert "top100_oct2026.xlsx" in str(error.value)


def test_a_download_without_the_list_title_is_a_schema_error():
    with pytest.raises(SchemaError, match="no title row naming the list"):
        parse(workbook([list(HEADER), PARTNER]), "top100.xlsx")


def test_an_html_error_page_instead_of_the_download_is_a_format_error():
    page = b"<!DOCTYPE html><html><head><title>Page Not Found | US EPA</title></head></html>"
    with pytest.raises(FormatError, match=r"HTML page titled 'Page Not Found \| US EPA'"):
        parse(page, "https://www.epa.gov/system/files/documents/2026-10/top100_oct2026.xlsx")


def test_a_truncated_download_is_a_format_error():
    content = pulled(VINTAGES[0])[0].content
    with pytest.raises(FormatError, match="truncated or corrupt"):
        parse(content[: len(content) // 2], "top100.xlsx")


# --- fetching ---------------------------------------------------------------------------------


def test_the_download_is_the_first_spreadsheet_the_page_links():
    page = list_page(NATIONAL_TOP_100, VINTAGES[-1]).decode()
    assert ".pdf" in page  # the method note comes first and is passed over
    url = discover_download(page, LISTS[0].page.public_url)
    assert url == "https://www.epa.gov/system/files/documents/2026-10/top100_oct2026.xlsx"
    assert discover_download(
        "<a href='/greenpower/partners.csv?x=1'>csv</a>", "https://www.epa.gov/a"
    ) == ("https://www.epa.gov/greenpower/partners.csv")
    assert discover_download("<p>No download this quarter.</p>", "https://www.epa.gov/a") is None


def live_client(pages: dict[str, bytes], requested: list[str]) -> SourceClient:
    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        body = pages.get(str(request.url))
        if body is None:
            return httpx.Response(404, content=b"<html><title>Not Found</title></html>")
        return httpx.Response(200, content=body)

    return SourceClient(
        SPEC.source_id,
        SourceMode.LIVE,
        Path("/nonexistent"),
        "maestro-tests/0",
        policy=HttpPolicy(max_attempts=1),
        transport=httpx.MockTransport(handler),
        sleep=lambda _: None,
        allowed_hosts=SPEC.allowed_hosts,
    )


def test_a_page_that_links_no_download_fails_the_pull_naming_the_page():
    pages = {LISTS[0].page.public_url: b"<html><body><p>Coming soon</p></body></html>"}
    with pytest.raises(FetchError, match="links no download") as error:
        fetch(live_client(pages, []), VINTAGES[-1])
    assert error.value.location == LISTS[0].page.public_url


def test_a_download_linked_off_epa_gov_is_never_requested():
    page = b'<html><body><a href="https://files.example.net/top100.xlsx">list</a></body></html>'
    requested: list[str] = []
    with pytest.raises(FetchError, match="not on the allow-list"):
        fetch(live_client({LISTS[0].page.public_url: page}, requested), VINTAGES[-1])
    assert requested == [LISTS[0].page.public_url]


def test_the_source_is_declared_quarterly_self_reported_and_in_the_procurement_domain():
    spec = ADAPTER.spec
    assert (spec.cadence.value, spec.reliability, spec.domain) == ("quarterly", "B", "procurement")
    assert "first" in spec.known_gaps and "only entry date" in spec.known_gaps


# --- scale ------------------------------------------------------------------------------------


def test_scale_multiplies_the_partners_and_the_list_lengths(tmp_path):
    one, two = simulate_partners(1), simulate_partners(2)
    assert len(two) == 2 * len(one)
    assert len({p.name for p in two}) == len(two)  # replicas carry their own names
    latest = VINTAGES[-1]
    for name in (NATIONAL_TOP_100, FORTUNE_500, TOP_30_COLLEGE):
        assert len(list_rows(two, name, latest, scale=2)) == 2 * len(list_rows(one, name, latest))
    write_epa_gpp_partners_snapshot(tmp_path, scale=2)
    store = SnapshotStore(tmp_path, SPEC.source_id)
    (download,) = [
        e
        for e in store.entries()
        if e["vintage"] == latest.isoformat() and "fortune500" in e["url"]
    ]
    frame = parse((tmp_path / download["body"]).read_bytes(), download["url"]).frame
    assert frame.height == len(list_rows(two, FORTUNE_500, latest, scale=2))
    assert frame["partner_name"].str.starts_with("Alder ").sum() == frame.height // 2


def test_the_lists_name_the_sellers_the_press_releases_name():
    seller = cast_for(0)[HALCYON_SECOND.seller].legal.removesuffix(", LLC")
    halcyon = next(b for b in BUYERS if b.buyer_id == HALCYON_SECOND.buyer)
    rows = all_editions().filter(pl.col("partner_name") == halcyon.epa_name)
    assert rows.height and set(rows["providers"]) == {seller}
