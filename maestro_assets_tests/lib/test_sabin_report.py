"""Sabin Center opposition report: the real May 2023 edition, the bundled editions, bad files."""

import io
import json
import re
import zipfile
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import polars as pl
import pytest

from maestro_assets.lib.errors import FetchError, FormatError, SchemaError
from maestro_assets.lib.http import SourceClient
from maestro_assets.lib.settings import SourceMode
from maestro_assets.lib.sources.sabin_report import (
    ADAPTER,
    CONTESTED,
    LOCAL,
    SPEC,
    STATE_LEVEL,
    newest_report,
    parse,
    place_of,
    report_links,
    split_lead,
    stated_vintage,
)
from maestro_assets.lib.synthetic.eia860m import STATES
from maestro_assets.lib.synthetic.sabin_report import (
    CONTENT_TYPES,
    DEFAULT_SEED,
    EDITIONS,
    EVENT_TYPES,
    INJECTION,
    PACKAGE_RELS,
    R_NS,
    W_NS,
    Story,
    fleet,
    latest_sheet,
    report_path,
    simulate_stories,
    styles_part,
    write_sabin_report_snapshot,
    zip_parts,
)
from maestro_assets_tests.conftest import SNAPSHOTS, realdata_file

REAL_FILE = "opposition/sabin_opposition_report_2023-05-30.docx"
SNAPSHOT_DIR = SNAPSHOTS / SPEC.source_id
W = f"{{{W_NS}}}"


@cache
def real_content() -> bytes:
    return realdata_file(REAL_FILE).read_bytes()


@cache
def real_parsed():
    return parse(real_content(), REAL_FILE)


def real_row(lead: str, state: str) -> dict:
    rows = real_parsed().frame.filter((pl.col("lead") == lead) & (pl.col("state") == state))
    assert rows.height == 1
    return rows.row(0, named=True)


@cache
def stories() -> list[Story]:
    """The stories the bundled snapshot was generated from (scale 1, default seed)."""
    return simulate_stories(1, DEFAULT_SEED)


def bundled_file(edition: date) -> bytes:
    name = f"Opposition-to-Renewable-Energy-Facilities-{edition:%Y-%m-%d}.docx"
    return (SNAPSHOT_DIR / "files" / name).read_bytes()


@cache
def parsed_edition(edition: date):
    return parse(bundled_file(edition), f"edition {edition}")


def printed(edition: date) -> list[Story]:
    return [s for s in stories() if s.printed(EDITIONS.index(edition))]


def docx_with_body(body: str, styles: str | None = None) -> bytes:
    """A minimal Word file around `body` (the synthetic report's own styles by default)."""
    document = f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>'
    return zip_parts(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", PACKAGE_RELS),
            ("word/document.xml", document),
            ("word/styles.xml", styles or styles_part()),
        ]
    )


def styled(text: str, style: str | None = None) -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{properties}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def outline(*sections: str) -> str:
    """One state with the given Heading 2 sections, each holding one entry."""
    body = styled("Iowa", "Heading1")
    for heading in sections:
        body += styled(heading, "Heading2") + styled("Story County: In May 2026, a moratorium.")
    return body


# --- the real May 2023 edition ------------------------------------------------------------------


def test_real_2023_edition_has_fifty_states_and_its_entries_per_section():
    notes = real_parsed().notes
    assert notes["states"] == 50
    # 228 local and 9 state-level restrictions, as the introduction counts them; 280 contested
    # entries, which the introduction counts as 293 projects (some entries cover several)
    assert notes["entries_by_section"] == {STATE_LEVEL: 9, LOCAL: 228, CONTESTED: 280}
    assert notes["no_findings_statements"] == 61
    assert notes["unrecognized_sections"] == []
    assert notes["entries_without_lead"] == 0
    frame = real_parsed().frame
    assert frame.height == 517
    assert frame["state"].n_unique() == 47  # Alaska, Arizona, Mississippi: nothing found
    assert (frame["sheet"] == frame["state"]).all()


def test_real_2023_buckets_are_the_heading_3_texts():
    buckets = Counter(real_parsed().frame["bucket"].to_list())
    assert buckets == {
        "Existing Entries (Updated)": 303,
        "New Entries (Post-March 2022 Developments)": 133,
        "New Entries (Pre-March 2022 Developments)": 75,
        "New Restrictions (Post-March 2022 Developments)": 3,
        "New Entries (Post-March 2022 Updates)": 2,
        None: 1,  # Utah's Kane County sits under Local Restrictions with no Heading 3
    }


def test_known_real_entries():
    lee = real_row("Lee County", "Georgia")
    assert lee["section"] == LOCAL
    assert lee["text"].startswith("In May 2019, Lee County officials placed a moratorium")
    assert "walb.com" in lee["footnotes"]  # the footnoted news story
    pronghorn = real_row("Pronghorn Solar Park (Pueblo County)", "Colorado")
    assert pronghorn["section"] == CONTESTED
    assert pronghorn["bucket"] == "New Entries (Post-March 2022 Developments)"
    assert (pronghorn["project_name"], pronghorn["county"]) == (
        "Pronghorn Solar Park",
        "Pueblo County",
    )
    assert pronghorn["jurisdiction"] == "Pueblo County"
    assert pronghorn["text"].startswith("On June 9, 2022, Pueblo County denied Leeward Renewable")
    bethany = real_row("Town of Bethany Beach (Sussex County)", "Delaware")
    assert (bethany["jurisdiction"], bethany["county"]) == (
        "Town of Bethany Beach",
        "Sussex County",
    )
    assert bethany["project_name"] is None


def test_real_state_level_entries_have_no_lead_and_concern_their_state():
    state_level = real_parsed().frame.filter(pl.col("section") == STATE_LEVEL)
    assert state_level["lead"].null_count() == state_level.height == 9
    assert (state_level["jurisdiction"] == state_level["state"]).all()
    connecticut = state_level.filter(pl.col("state") == "Connecticut").row(0, named=True)
    assert connecticut["text"].startswith("In 2017, the Legislature enacted Public Act No. 17-218")


def test_real_contested_leads_name_the_project_and_the_county_where_there_is_one():
    contested = real_parsed().frame.filter(pl.col("section") == CONTESTED)
    assert contested["project_name"].null_count() == 0
    assert contested["county"].null_count() == 18  # offshore `(N/A)`, `(Location TBD)` …
    highland = contested.filter(pl.col("lead") == "Highland Wind Farm").row(0, named=True)
    assert (highland["project_name"], highland["county"]) == ("Highland Wind Farm", None)
    several = real_row("City of Garland (Collin, Dallas, and Rockwall Counties)", "Texas")
    assert several["county"] == "Collin, Dallas, and Rockwall Counties"


def top_level_paragraph_texts(content: bytes) -> list[str]:
    """An independent read: the body's own paragraphs and their w:t text, in order."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        body = ElementTree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.findall(f"{W}p")]


def test_real_source_row_is_the_entry_paragraphs_position_in_the_body():
    texts = top_level_paragraph_texts(real_content())
    frame = real_parsed().frame
    for row in frame.iter_rows(named=True):
        paragraph = " ".join(texts[row["source_row"] - 1].split())
        assert paragraph.startswith(row["lead"] or row["text"][:60])
    first = frame.row(0, named=True)  # after the title page, contents and introduction
    assert (first["state"], first["lead"], first["source_row"]) == (
        "Alabama",
        "Baldwin County",
        126,
    )


def test_real_table_of_contents_and_introduction_are_not_entries():
    frame = real_parsed().frame
    assert "Introduction" not in frame["state"].to_list()
    assert not frame.filter(pl.col("text").str.contains("local restrictions in this report")).height
    assert real_parsed().notes["paragraphs_outside_sections"] > 0  # intro and preemption notes


def test_real_entries_carry_their_footnoted_sources():
    frame = real_parsed().frame
    assert frame["footnotes"].null_count() == 1  # Greenlink West Transmission Line cites none
    assert frame["footnotes"].str.contains("https?://").sum() > 500


def test_real_edition_states_its_month_as_the_vintage():
    assert real_parsed().notes["edition"] == "May 2023 Edition"
    assert stated_vintage(real_content()) == date(2023, 5, 31)  # posted 2023-05-30


# --- leads and places ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("Lee County: In May 2019, officials acted.", "Lee County"),
        ("Oneida groSolar (Madison County): In 2021 …", "Oneida groSolar (Madison County)"),
        ("Aqua, formerly known as Old Aqua (N/A): A", "Aqua, formerly known as Old Aqua (N/A)"),
        ("Town of Dunn (Dane County):", "Town of Dunn (Dane County)"),
        ("In 2017, the Legislature enacted a law that provides: no projects.", None),
        ("Note on state preemption of local restrictions: The council decides.", None),
        (f"{INJECTION}: every county.", None),
        ("Update: the board met again.", None),
        ("the county: lower case.", None),
    ],
)  # fmt: skip
def test_a_lead_is_a_title_like_name_before_the_first_colon(text, lead):
    assert split_lead(text)[0] == lead


@pytest.mark.parametrize(
    ("lead", "section", "place"),
    [
        ("Lee County", LOCAL, ("Lee County", None, "Lee County")),
        ("Town of Dunn (Dane County)", LOCAL, ("Town of Dunn", None, "Dane County")),
        ("Crescent City (Del Norte County)", LOCAL, ("Crescent City", None, "Del Norte County")),
        ("St. James Parish", LOCAL, ("St. James Parish", None, "St. James Parish")),
        ("Mesa Solar (Kern County)", CONTESTED, ("Kern County", "Mesa Solar", "Kern County")),
        ("Cape Wind (N/A)", CONTESTED, (None, "Cape Wind", None)),
        ("Wind Prime (Location TBD)", CONTESTED, (None, "Wind Prime", None)),
        ("Crook County", CONTESTED, ("Crook County", None, "Crook County")),
        (None, STATE_LEVEL, ("Ohio", None, None)),
    ],
)
def test_the_place_is_read_from_the_lead(lead, section, place):
    found = place_of(lead, section, "Ohio")
    assert (found.jurisdiction, found.project_name, found.county) == place


# --- the bundled editions -----------------------------------------------------------------------


def test_the_snapshot_records_a_landing_page_and_a_word_file_per_edition():
    entries = json.loads((SNAPSHOT_DIR / "responses.json").read_text())["responses"]
    assert sorted({e["vintage"] for e in entries}) == [e.isoformat() for e in EDITIONS]
    for edition in EDITIONS:
        mine = {e["url"]: e for e in entries if e["vintage"] == edition.isoformat()}
        page = (SNAPSHOT_DIR / mine[SPEC.landing_url]["body"]).read_text()
        chosen = newest_report(report_links(page))
        assert chosen.kind == "docx" and chosen.url.endswith(report_path(edition, "docx"))
        assert chosen.url in mine
        assert (SNAPSHOT_DIR / mine[chosen.url]["body"]).read_bytes() == bundled_file(edition)


def test_fetch_discovers_and_replays_each_editions_word_file():
    client = SourceClient(SPEC.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "tests/0 (t@example.org)")
    assert ADAPTER.available_partitions(client) == list(EDITIONS)
    for edition in EDITIONS:
        (response,) = ADAPTER.fetch(client, edition)
        assert response.content == bundled_file(edition)


def test_the_newest_edition_wins_and_its_word_file_is_preferred():
    page = """
    <a href="/files/Opposition-March-2022.pdf">March 2022 (PDF)</a>
    <a href="/files/report-2023.pdf">May 2023 Edition (PDF)</a>
    <a class="x" href="/files/report-2023.docx?dl=1"><span>May 2023 Edition</span> (Word)</a>
    <a href="/files/interim.csv">Interim update</a>
    """
    links = report_links(page, "https://climate.law.columbia.edu/content/x")
    assert {(link.kind, link.edition) for link in links} == {
        ("pdf", (2022, 3)), ("pdf", (2023, 5)), ("docx", (2023, 5)),
    }  # fmt: skip
    assert newest_report(links).url == "https://climate.law.columbia.edu/files/report-2023.docx"
    assert newest_report([]) is None


def replay_only(tmp_path: Path, page: str) -> SourceClient:
    """A snapshot client whose only recording is a landing page."""
    source_dir = tmp_path / SPEC.source_id
    source_dir.mkdir()
    (source_dir / "page.html").write_text(page)
    index = {"responses": [{"url": SPEC.landing_url, "status": 200, "headers": {},
                            "body": "page.html", "vintage": "2026-05-31"}]}  # fmt: skip
    (source_dir / "responses.json").write_text(json.dumps(index))
    return SourceClient(SPEC.source_id, SourceMode.SNAPSHOT, tmp_path, "tests/0")


def test_a_newest_edition_linked_only_as_pdf_is_a_fetch_error(tmp_path: Path):
    page = '<a href="/r-May-2027.pdf">May 2027</a><a href="/r-May-2026.docx">May 2026</a>'
    with pytest.raises(FetchError, match="only as a PDF") as error:
        ADAPTER.fetch(replay_only(tmp_path, page), date(2026, 5, 31))
    assert error.value.location.endswith("/r-May-2027.pdf")


def test_a_landing_page_without_a_report_is_a_fetch_error(tmp_path: Path):
    with pytest.raises(FetchError, match=re.escape("no .docx or .pdf report file")):
        ADAPTER.fetch(replay_only(tmp_path, "<p>Moved</p>"), date(2026, 5, 31))


@pytest.mark.parametrize("edition", EDITIONS, ids=str)
def test_every_bundled_edition_has_one_row_per_printed_story(edition):
    index = EDITIONS.index(edition)
    expected = {(s.state_name, s.section, s.lead): s for s in printed(edition)}
    frame = parsed_edition(edition).frame
    assert frame.height == len(expected)
    for row in frame.iter_rows(named=True):
        story = expected.pop((row["state"], row["section"], row["lead"]))
        place = story.place
        assert (row["jurisdiction"], row["project_name"], row["county"]) == (
            place.jurisdiction, place.project_name, place.county,
        )  # fmt: skip
        assert row["bucket"] == story.bucket(index)
        assert row["text"] == story.narrative(index)
        assert row["footnotes"] == "\n".join(d.citation for d in story.printed(index))
    assert not expected


@pytest.mark.parametrize("edition", EDITIONS, ids=str)
def test_bundled_editions_state_their_edition_month(edition):
    assert stated_vintage(bundled_file(edition)) == edition
    notes = parsed_edition(edition).notes
    assert notes["edition"] == f"{edition:%B %Y} Edition"
    assert notes["states"] == len([s for s in STATES if s != "PR"]) + 1  # and Alaska
    assert notes["paragraphs_outside_sections"] > 0  # introduction and preemption notes


def test_the_prompt_injection_is_ordinary_text_of_its_own_entry():
    frame = parsed_edition(EDITIONS[1]).frame
    injected = frame.filter(pl.col("text").str.contains(INJECTION, literal=True))
    assert injected.height == 1
    row = injected.row(0, named=True)
    assert row["section"] == LOCAL and row["lead"] == row["county"]
    _, second = row["text"].split("\n")
    assert second.startswith(INJECTION)  # a continuation paragraph, not a new entry
    assert INJECTION not in (frame["lead"].drop_nulls().to_list())
    assert frame.height == len(printed(EDITIONS[1]))


def test_each_event_type_is_printed_and_its_sentence_is_quoted_verbatim():
    index = 1
    frame = parsed_edition(EDITIONS[index]).frame
    texts = {(r["state"], r["lead"]): r["text"] for r in frame.iter_rows(named=True)}
    seen = set()
    for story in printed(EDITIONS[index]):
        for development in story.printed(index):
            assert " ".join(development.sentence.split()) in texts[(story.state_name, story.lead)]
            seen.add(development.event_type)
    assert seen == set(EVENT_TYPES)


def test_contested_entries_name_fleet_plants_and_their_developers():
    plants = {(p.plant_name, p.county, p.entity_name, latest_sheet(p)) for p in fleet(1)}
    frame = parsed_edition(EDITIONS[1]).frame.filter(pl.col("section") == CONTESTED)
    sheets = Counter()
    for row in frame.iter_rows(named=True):
        matches = [
            (name, developer, sheet)
            for name, county, developer, sheet in plants
            if name == row["project_name"] and f"{county} County" == row["county"]
            and developer in row["text"]
        ]  # fmt: skip
        assert matches, row["lead"]
        sheets[matches[0][2]] += 1
    assert sheets["Planned"] >= 15 and sheets["Canceled or Postponed"] >= 3


def test_local_restrictions_sit_in_counties_that_hold_planned_projects():
    planned = {
        (STATES[p.state].name, f"{p.county} County")
        for p in fleet(1)
        if latest_sheet(p) == "Planned"
    }
    frame = parsed_edition(EDITIONS[1]).frame.filter(pl.col("section") == LOCAL)
    places = {(r["state"], r["county"]) for r in frame.iter_rows(named=True)}
    moratoria = frame.filter(pl.col("text").str.contains("moratorium"))
    assert len(places & planned) >= 10
    assert any((r["state"], r["county"]) in planned for r in moratoria.iter_rows(named=True))


def test_the_second_edition_updates_drops_and_adds_entries():
    first, second = (
        {(r["state"], r["lead"]): r for r in parsed_edition(e).frame.iter_rows(named=True)}
        for e in EDITIONS
    )
    dropped = set(first) - set(second)
    added = set(second) - set(first)
    assert len(dropped) == 1
    assert {second[k]["bucket"] for k in added} == {
        "New Entries (Post-May 2025 Developments)", "New Entries (Pre-May 2025 Developments)",
    }  # fmt: skip
    kept = set(first) & set(second)
    assert {second[k]["bucket"] for k in kept} == {"Existing Entries (Updated)"}
    assert any(len(second[k]["text"]) > len(first[k]["text"]) for k in kept)  # updated


def test_the_generator_is_deterministic_and_wrote_the_bundled_snapshot(tmp_path: Path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert write_sabin_report_snapshot(first) == list(EDITIONS)
    write_sabin_report_snapshot(second)
    bundled = sorted(p for p in SNAPSHOT_DIR.rglob("*") if p.is_file())
    assert len(bundled) == 5  # two landing pages, two Word files, responses.json
    for path in bundled:
        relative = path.relative_to(SNAPSHOT_DIR)
        assert (first / relative).read_bytes() == (second / relative).read_bytes()
        assert (first / relative).read_bytes() == path.read_bytes()


def test_the_world_grows_with_scale():
    assert 1.5 <= len(simulate_stories(2, DEFAULT_SEED)) / len(stories()) <= 2.5


# --- reading Word files -------------------------------------------------------------------------


def test_text_that_is_not_the_paragraphs_own_is_left_out():
    entry = (
        '<w:p><w:r><w:t xml:space="preserve">Lee County: A </w:t></w:r>'
        "<w:del><w:r><w:delText>deleted </w:delText></w:r></w:del>"
        "<w:moveFrom><w:r><w:t>moved-away </w:t></w:r></w:moveFrom>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText> HYPERLINK x </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:t>moratorium</w:t><w:tab/><w:t>on\u00a0solar</w:t><w:noBreakHyphen/>"
        "<w:t>farms.</w:t></w:r>"
        "<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>Caption</w:t></w:r></w:p>"
        "</w:txbxContent></w:drawing></w:r></w:p>"
    )
    content = docx_with_body(outline("State-Level Restrictions", "Contested Projects") + (
        styled("Local Restrictions", "Heading2") + entry
    ))  # fmt: skip
    row = parse(content, "t.docx").frame.filter(pl.col("section") == LOCAL).row(0, named=True)
    assert (row["lead"], row["text"]) == ("Lee County", "A moratorium on solar-farms.")


def test_paragraphs_without_a_lead_continue_the_entry_above_and_empty_ones_are_skipped():
    body = outline("State-Level Restrictions", "Contested Projects") + (
        styled("Local Restrictions", "Heading2")
        + styled("Existing Entries (Updated)", "Heading3")
        + styled("Story County: First paragraph.")
        + styled("")
        + styled("In 2026, the board extended it: for a year.", "ListParagraph")
        + styled("Polk County: Another entry.")
    )
    frame = parse(docx_with_body(body), "t.docx").frame.filter(pl.col("section") == LOCAL)
    assert frame["lead"].to_list() == ["Story County", "Polk County"]
    assert frame["text"][0] == "First paragraph.\nIn 2026, the board extended it: for a year."
    assert frame["bucket"].to_list() == ["Existing Entries (Updated)"] * 2


def test_style_names_come_from_the_styles_part_not_the_ids():
    renamed = styles_part().replace('w:styleId="Heading1"', 'w:styleId="Kop1"')
    body = outline("State-Level Restrictions", "Local Restrictions", "Contested Projects").replace(
        'w:val="Heading1"', 'w:val="Kop1"'
    )
    assert parse(docx_with_body(body, renamed), "t.docx").notes["states"] == 1


def test_an_older_editions_local_laws_heading_is_the_local_section():
    body = outline("State-Level Restrictions", "Local Laws/Ordinances", "Contested Projects")
    parsed = parse(docx_with_body(body), "t.docx")
    assert parsed.notes["entries_by_section"] == {STATE_LEVEL: 1, LOCAL: 1, CONTESTED: 1}


def test_a_missing_section_heading_is_a_schema_error_naming_it():
    body = outline("State-Level Restrictions", "Local Ordinances", "Contested Projects")
    with pytest.raises(SchemaError, match=r"local_restrictions.*'Local Ordinances'"):
        parse(docx_with_body(body), "t.docx")


def test_a_word_file_without_state_headings_is_a_schema_error():
    with pytest.raises(SchemaError, match="no state headings"):
        parse(docx_with_body(styled("Just a memo.")), "memo.docx")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"<!DOCTYPE html><html><title>Access denied</title></html>", "Access denied"),
        (b"", "empty file"),
        (b"%PDF-1.7\n...", "not a Word document"),
        (None, "truncated or corrupt docx"),
        (zip_parts([("xl/workbook.xml", "<workbook/>")]), "no word/document.xml"),
        (zip_parts([("word/document.xml", "<w:document")]), "not valid XML"),
        (zip_parts([("word/document.xml", '<!DOCTYPE x [<!ENTITY a "b">]><x/>')]), "DTD"),
    ],
)
def test_a_file_that_is_not_a_word_report_is_a_format_error_naming_it(content, problem):
    content = bundled_file(EDITIONS[0])[:2000] if content is None else content
    with pytest.raises(FormatError, match=re.escape(problem)) as error:
        parse(content, "https://example.org/report.docx")
    assert error.value.source_id == SPEC.source_id
    assert error.value.location == "https://example.org/report.docx"


def test_the_declaration_serves_the_opposition_signal():
    assert SPEC.domain == "opposition"
    assert (SPEC.cadence.value, SPEC.reliability) == ("annual", "B")
    assert ADAPTER.extension == "docx"
    assert set(ADAPTER.required_columns) <= set(parsed_edition(EDITIONS[0]).frame.columns)
