"""MISO Generator Interconnection Queue: the GI Interactive Queue, as JSON API or CSV export.

MISO publishes one table in two forms, and `parse` reads either into the same raw columns:

- the JSON API `GET https://www.misoenergy.org/api/giqueue/getprojects` (what live pulls
  fetch and the snapshot records): an array of one object per project, camelCase fields,
  dates as ISO-8601 strings with an offset (`2018-03-12T04:00:00+00:00`), megawatts as JSON
  numbers, blanks as `""` or `null`, plus fields the CSV lacks (`id`, `sisPhase1`,
  `giaToExec`). Example record::

      {"id": 3210442, "projectNumber": "J1000", "applicationStatus": "Done",
       "queueDate": "2018-03-12T04:00:00+00:00", "withdrawnDate": null,
       "doneDate": "2021-04-02T04:00:00+00:00", "inService": "2021-10-01T04:00:00+00:00",
       "negInService": "2023-03-27T04:00:00+00:00", "transmissionOwner": "American
       Transmission Co. LLC", "county": "Grant County", "state": "WI", "studyCycle":
       "DPP-2018-APR", "studyGroup": "East (ATC)", "studyPhase": "GIA", "svcType": "NRIS",
       "poiName": "Nelson Dewey - Lancaster 138kV Line", "summerNetMW": 50,
       "winterNetMW": 50, "fuelType": "Solar", "facilityType": "Photovoltaic",
       "postGIAStatus": "In Service", "dp1ErisMw": 50, "dp1NrisMw": 50, "dp2ErisMw": 50,
       "dp2NrisMw": 50}

- the CSV export of the interactive queue page (what people archive; `maestro import` reads
  it): 24 quoted columns with Title Case headers (`Project #`, `Request Status`, …).

`FIELDS` is the one declaration of both forms: each raw column with its CSV header and its
API field. Numbers stay the text they were published as (JSON `50` -> `"50"`).

Progress spans three columns: `Request Status` (Active / Withdrawn / Done — Done means the
studies are done and the GIA signed, NOT that the plant operates), `Study Phase` and
`Post GIA Status` (Not Started / Under Construction / In Service …). `status_key` joins them;
the staging model composes the same key in SQL. The feed carries test records (`AA1234`,
"fish mango watermelon"): they are kept in raw and flagged by `is_junk`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, replace

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.formats import require_content, require_json
from maestro_assets.lib.http import SourceRequest
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import SourceAdapter, fetch_single
from maestro_assets.lib.spreadsheet import (
    CSV_SHEET,
    SHEET,
    SOURCE_ROW,
    SheetLayout,
    column_name,
    require_columns,
    tabulate,
)

SPEC = SourceSpec(
    source_id="miso_queue",
    title="MISO Generator Interconnection Queue (GI Interactive Queue)",
    publisher="Midcontinent Independent System Operator (MISO)",
    landing_url=(
        "https://www.misoenergy.org/planning/generator-interconnection/GI_Queue/"
        "gi-interactive-queue/"
    ),
    requests=(
        "GET https://www.misoenergy.org/api/giqueue/getprojects (the JSON behind the GI "
        "Interactive Queue page: every request, active, done and withdrawn); archived CSV "
        "exports of the same page are imported with the same parser"
    ),
    file_format="json (API); csv (export)",
    cadence=Cadence.MONTHLY,
    expected_coverage=(
        "Every MISO generator interconnection request since the DPP-2016/2017 cycles, active, "
        "done (studies complete, GIA signed) and withdrawn: project number, request status, "
        "study cycle/group/phase, post-GIA construction status, state, county, transmission "
        "owner, point of interconnection, summer/winter MW, fuel and facility type, queue, "
        "withdrawal, done and requested/negotiated in-service dates"
    ),
    known_gaps=(
        "No project name and no developer name; `Done` means studies done and GIA signed, not "
        "operating (construction and in-service progress is only in `Post GIA Status`); the "
        "feed carries test records such as AA1234 'fish mango watermelon'; MISO has renamed "
        "fields and once dropped every pre-2017 project from the feed, so a project missing "
        "from a later pull has disappeared, not withdrawn; study phases get relabelled "
        "backwards (Phase 2 -> Phase 1); no actual in-service date; county cells may list "
        "several counties and some states are spelled out; the live API adds request "
        "statuses (e.g. Pending Transfer) the CSV export did not show"
    ),
    # B: MISO's own register and complete for requests, but no names, test records in the
    # feed, status spread over three fields, and history only by comparing pulls.
    reliability="B",
    license="MISO website terms of use: public information, cite MISO as the source",
    raw_table="raw.miso_queue__projects",
    min_request_interval_seconds=2.0,
)

API_REQUEST = SourceRequest("https://www.misoenergy.org/api/giqueue/getprojects")
API_SHEET = "api"


@dataclass(frozen=True)
class Field:
    """One column of the queue: its CSV header, its API field, and its raw column name."""

    csv_header: str | None  # None: the API publishes it, the CSV export does not
    api_field: str
    required: bool = False
    raw_name: str = ""  # for API-only fields; otherwise column_name(csv_header)

    @property
    def raw(self) -> str:
        return self.raw_name or column_name(self.csv_header)


FIELDS = (
    Field("Project #", "projectNumber", required=True),
    Field("Request Status", "applicationStatus", required=True),
    Field("Queue Date", "queueDate", required=True),
    Field("Withdrawn Date", "withdrawnDate"),
    Field("Done Date", "doneDate"),
    Field("Appl In Service Date", "inService"),  # requested in the application
    Field("Transmission Owner", "transmissionOwner"),
    Field("County", "county", required=True),
    Field("State", "state", required=True),
    Field("Study Cycle", "studyCycle"),
    Field("Study Group", "studyGroup"),
    Field("Study Phase", "studyPhase", required=True),
    Field("Service Type", "svcType"),
    Field("POI Name", "poiName"),
    Field("Summer MW", "summerNetMW", required=True),
    Field("Winter MW", "winterNetMW"),
    Field("Fuel", "fuelType", required=True),
    Field("Generating Facility", "facilityType"),
    Field("Post GIA Status", "postGIAStatus", required=True),
    Field("Negotiated In Service Date", "negInService"),  # agreed in the GIA
    Field("Decision Point 1 ERIS MW", "dp1ErisMw"),
    Field("Decision Point 1 NRIS MW", "dp1NrisMw"),
    Field("Decision Point 2 ERIS MW", "dp2ErisMw"),
    Field("Decision Point 2 NRIS MW", "dp2NrisMw"),
    Field(None, "id", raw_name="api_record_id"),
    Field(None, "sisPhase1", raw_name="sis_phase_1"),
    Field(None, "giaToExec", raw_name="gia_to_exec"),
)
RAW_BY_API_FIELD = {f.api_field: f.raw for f in FIELDS}
PROJECT, REQUEST_STATUS, STUDY_PHASE, POST_GIA_STATUS = (
    "project",
    "request_status",
    "study_phase",
    "post_gia_status",
)

LAYOUT = SheetLayout(
    sheet=CSV_SHEET,
    required=tuple(f.raw for f in FIELDS if f.required),
    optional=tuple(f.raw for f in FIELDS if not f.required),
    row_key=PROJECT,  # records without a project number are dropped and counted
)
RAW_COLUMNS = (SHEET, SOURCE_ROW, *(f.raw for f in FIELDS))  # in the published order

# --- the status key and test records (the staging SQL composes the same) ----------------------

REQUEST_STATUSES = ("Active", "Withdrawn", "Done", "Pending Revision Approval", "Pending Transfer")
QUEUE_NUMBER = re.compile(r"[A-Z]\d+")  # J1000, R1001, S1062 (and 'N/A' while unassigned)
TEST_RECORD_STATUS = "(test record)"
STATUS_SEPARATOR = "|"


def is_junk(project: str | None, request_status: str | None) -> bool:
    """A test record in the feed: a Request Status that is none of MISO's and a Project #
    that is not a queue number (the real one: AA1234, "fish mango watermelon")."""
    return request_status not in REQUEST_STATUSES and not QUEUE_NUMBER.fullmatch(project or "")


def status_key(
    project: str | None,
    request_status: str | None,
    study_phase: str | None,
    post_gia_status: str | None,
) -> str:
    """'Request Status|Study Phase|Post GIA Status' (blank parts empty), e.g.
    'Done|GIA|In Service'; every test record shares one key."""
    if is_junk(project, request_status):
        return TEST_RECORD_STATUS
    parts = (request_status, study_phase, post_gia_status)
    return STATUS_SEPARATOR.join(part or "" for part in parts)


# --- parsing ---------------------------------------------------------------------------------


def is_json(content: bytes) -> bool:
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{")


def grid(rows: list[list[str | None]]) -> pl.DataFrame:
    """Rows of text cells as an all-text frame (what a workbook sheet would give)."""
    width = max(len(r) for r in rows)
    schema = {f"column_{i}": pl.String for i in range(width)}
    padded = [r + [None] * (width - len(r)) for r in rows]
    return pl.DataFrame(padded, schema=schema, orient="row")


def csv_grid(content: bytes, location: str) -> pl.DataFrame:
    """The CSV export as a grid whose first row is the header."""
    require_content(content, "CSV", SPEC.source_id, location)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise FormatError(SPEC.source_id, location, f"truncated or malformed CSV ({exc})") from None
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        raise FormatError(SPEC.source_id, location, "the CSV has no rows")
    header_width = len(records[0])
    short = next((i for i, r in enumerate(records) if len(r) < header_width), None)
    if short is not None:
        raise FormatError(
            SPEC.source_id,
            location,
            f"truncated CSV: line {short + 1} has {len(records[short])} of {header_width} fields",
        )
    return grid(records)


def api_text(value: object) -> str | None:
    """A JSON value as published text: numbers keep their literal, objects stay JSON."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return str(value)


def api_grid(content: bytes, location: str) -> pl.DataFrame:
    """The API response as a grid: a header row of raw column names, then one row per record.

    Unknown fields keep their own name (and are reported); a required field missing from
    every record is a schema error naming the API field.
    """
    require_json(content, SPEC.source_id, location)  # HTML, empty and truncated bodies
    records = json.loads(content, parse_float=str, parse_int=str)  # keep number literals
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        shape = sorted(records)[:8] if isinstance(records, dict) else type(records).__name__
        raise SchemaError(
            SPEC.source_id, location, f"expected a JSON array of project objects, got {shape}"
        )
    if not records:
        raise SchemaError(SPEC.source_id, location, "the API response lists no projects")
    fields = list(dict.fromkeys(key for record in records for key in record))
    required = [f.api_field for f in FIELDS if f.required]
    require_columns(fields, required, SPEC.source_id, location)
    header = [RAW_BY_API_FIELD.get(field, field) for field in fields]
    body = [[api_text(record.get(field)) for field in fields] for record in records]
    return grid([header, *body])


def parse(content: bytes, location: str) -> ParsedFile:
    """Every record of the API response or CSV export, as text, in the raw columns."""
    if is_json(content):
        cells, first_row, sheet = api_grid(content, location), 0, API_SHEET  # record index
    else:
        cells, first_row, sheet = csv_grid(content, location), 1, CSV_SHEET  # spreadsheet row
    table = tabulate(cells, first_row, replace(LAYOUT, sheet=sheet), SPEC.source_id, location)
    frame = table.frame.select(RAW_COLUMNS)
    junk = [
        project
        for project, status in frame.select(PROJECT, REQUEST_STATUS).iter_rows()
        if is_junk(project, status)
    ]
    return ParsedFile(
        frame=frame,
        notes={
            "form": sheet,
            "rows": frame.height,
            "request_statuses": dict(
                frame.group_by(REQUEST_STATUS).len().sort(REQUEST_STATUS).iter_rows()
            ),
            "junk_rows": junk,
            "optional_columns_present": table.optional_present,
            "unrecognized_columns": table.unrecognized,
            "rows_without_project_number": table.dropped_rows,
        },
    )


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch_single(API_REQUEST),
    parse=parse,
    extension="json",
    required_columns=(PROJECT, REQUEST_STATUS),
)
