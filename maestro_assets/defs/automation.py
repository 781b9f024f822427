"""Refreshes: a cheap change-detecting sensor per source, an inbox for hand-delivered files, a
cadence schedule per source as a fallback, and the sensor that runs declarative automation.

- `refresh_<source_id>` polls the source's probe (its first, cheapest request) conditionally
  (If-None-Match / If-Modified-Since, else the content's sha256) and, when it changed, requests
  one run of that source's raw asset: the new vintage's dynamic partition (dated-vintage
  sources) or the newest listed month not yet materialized (data-month sources). Its cursor
  (`ProbeCursor` JSON) is stored by Dagster, so it survives restarts.
- `refresh_<source_id>_schedule` runs the same evaluation without a cursor on the source's
  cadence, requesting the same partition unless it is already materialized: a fallback for a
  missed or stopped sensor, a failed run, or a publisher whose probe never changes.
- `inbox` lands files dropped into `<data dir>/inbox/<source_id>/` through `maestro import`'s
  validated path, records each as a materialization of the raw asset, and files them under
  `accepted/<source_id>/` or `rejected/` (with `<name>.reason.txt`).
- `automation_condition_sensor` evaluates the dbt models' `AutomationCondition.eager()`, so
  staging, marts and signals follow every raw materialization (run or runless).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from dagster import (
    AddDynamicPartitionsRequest,
    AssetMaterialization,
    AssetSelection,
    AutomationConditionSensorDefinition,
    DagsterInstance,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    DynamicPartitionsDefinition,
    MetadataValue,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    define_asset_job,
    schedule,
    sensor,
)

from maestro_assets.defs.resources import SourcesResource
from maestro_assets.defs.sources.landing import MONTHLY_VINTAGES, partitions_for, raw_asset_key
from maestro_assets.lib.catalog import Cadence
from maestro_assets.lib.change_detection import ProbeCursor, judge_probe
from maestro_assets.lib.errors import SourceError
from maestro_assets.lib.http import SourceClient, SourceRequest, SourceResponse
from maestro_assets.lib.landing import LandedVintage
from maestro_assets.lib.settings import Settings, SourceMode
from maestro_assets.lib.sources import (
    caiso_queue,
    eia860m,
    eia_api,
    epa_gpp_partners,
    ercot_gis,
    lbnl_queued_up,
    miso_queue,
    ncsl_siting_authority,
    ny_ores_permits,
    nyiso_queue,
    oh_opsb_cases,
    opposition_news,
    pjm_queue,
    procurement_news,
    re100_members,
    sabin_interim_csv,
    sabin_report,
    sec_edgar_search,
    sec_edgar_submissions,
    spp_queue,
)
from maestro_assets.lib.sources.adapter import SourceAdapter, no_stated_vintage
from maestro_assets.lib.sources.registry import ADAPTERS, adapter_for

if TYPE_CHECKING:
    from dagster._core.definitions.unresolved_asset_job_definition import (
        UnresolvedAssetJobDefinition,
    )

HOUR = 3600
MIN_INTERVAL_BY_CADENCE = {
    Cadence.DAILY: 1 * HOUR,
    Cadence.WEEKLY: 6 * HOUR,
    Cadence.MONTHLY: 12 * HOUR,
    Cadence.QUARTERLY: 12 * HOUR,
    Cadence.ANNUAL: 12 * HOUR,
}
CRON_BY_CADENCE = {
    Cadence.DAILY: "0 6 * * *",
    Cadence.WEEKLY: "0 6 * * 1",
    Cadence.MONTHLY: "0 6 1 * *",
    Cadence.QUARTERLY: "0 6 1 1,4,7,10 *",
    Cadence.ANNUAL: "0 6 1 1 *",
}

# The first request each source's fetch makes, declared in its module. Sources without one
# (ISO-NE's export is dated by the day asked for; NREL's pages are fetched through a closure)
# are probed at their landing page.
PROBES: dict[str, SourceRequest] = {
    "eia860m": eia860m.LANDING_REQUEST,
    "eia_api_generator_capacity": eia_api.metadata_request(),
    "ercot_gis": ercot_gis.DOCUMENT_LIST_REQUEST,
    "pjm_queue": pjm_queue.EXPORT_REQUEST,
    "miso_queue": miso_queue.API_REQUEST,
    "spp_queue": spp_queue.ACTIVE_CSV_REQUEST,
    "nyiso_queue": nyiso_queue.WORKBOOK_REQUEST,
    "caiso_queue": caiso_queue.REPORT_REQUEST,
    "lbnl_queued_up": lbnl_queued_up.LANDING_REQUEST,
    "sabin_report": sabin_report.LANDING_REQUEST,
    "sabin_interim_csv": sabin_interim_csv.CSV_REQUEST,
    "ncsl_siting_authority": ncsl_siting_authority.CSV_REQUEST,
    "ny_ores_permits": ny_ores_permits.PAGE_REQUEST,
    "oh_opsb_cases": oh_opsb_cases.PAGE_REQUEST,
    "opposition_news": opposition_news.FEEDS[0].request,
    "sec_edgar_search": sec_edgar_search.PROBE_REQUEST,
    "epa_gpp_partners": epa_gpp_partners.LISTS[0].page,
    "sec_edgar_submissions": sec_edgar_submissions.PROBE_REQUEST,
    "re100_members": re100_members.PAGE_REQUEST,
    "procurement_news": procurement_news.FEEDS[0].request,
}


def probe_request(adapter: SourceAdapter) -> SourceRequest:
    return PROBES.get(adapter.spec.source_id) or SourceRequest(adapter.spec.landing_url)


# --- the decision, shared by sensors and schedules --------------------------------------------


@dataclass(frozen=True)
class RefreshPlan:
    cursor: ProbeCursor
    partition_key: str | None  # the partition to materialize, or None
    reason: str


def safe_stated_vintage(adapter: SourceAdapter, content: bytes) -> date | None:
    """The as-of date the bytes state, or None when they state none or are not the file."""
    if adapter.stated_vintage is no_stated_vintage or not content:
        return None
    try:
        return adapter.stated_vintage(content)
    except Exception:  # a landing page or listing is not the file: it states no vintage
        return None


def dated_vintage(
    adapter: SourceAdapter, client: SourceClient, probe: SourceResponse, today: date
) -> date:
    """The vintage a dated-vintage source now serves: the date its file states, else today."""
    if client.mode is SourceMode.SNAPSHOT:
        recorded = client.snapshots.vintages()
        return recorded[-1] if recorded else today
    stated = safe_stated_vintage(adapter, probe.content)
    if stated is not None:
        return stated
    if adapter.stated_vintage is no_stated_vintage:
        return today
    # The probe is a landing page or a listing; the file itself states its date. Fetched only
    # after a change was seen, so the cheap path stays cheap.
    return adapter.available_partitions(client)[-1]


def newest_month(adapter: SourceAdapter, client: SourceClient, now: datetime) -> str | None:
    """The newest month the publisher lists that is a partition (the month has ended)."""
    assert adapter.list_months is not None
    keys = {m.replace(day=1).isoformat() for m in adapter.list_months(client)}
    valid = set(MONTHLY_VINTAGES.get_partition_keys(current_time=now))
    return max(keys & valid, default=None)


def plan_refresh(
    adapter: SourceAdapter,
    client: SourceClient,
    probe: SourceRequest,
    previous: ProbeCursor,
    materialized: Callable[[], set[str]],
    now: datetime | None = None,
) -> RefreshPlan:
    """Probe, decide whether the source changed, and if so which partition to request.

    Raises SourceError when the probe (or the follow-up listing) fails: the caller keeps its
    cursor, so the next evaluation tries again."""
    now = now or datetime.now(UTC)
    response = client.get(probe, etag=previous.etag, last_modified=previous.last_modified)
    if response.status not in (200, 304):
        raise SourceError(adapter.spec.source_id, response.url, f"probe got HTTP {response.status}")
    outcome = judge_probe(
        previous, response.status, response.content, response.etag, response.last_modified
    )
    if not outcome.changed:
        return RefreshPlan(outcome.cursor, None, outcome.reason)
    if adapter.data_months:
        key = newest_month(adapter, client, now)
        if key is None:
            return RefreshPlan(outcome.cursor, None, f"{outcome.reason}; no month listed")
        if key in materialized():
            reason = f"{outcome.reason}; newest month {key} already materialized"
            return RefreshPlan(outcome.cursor.with_vintage(key), None, reason)
    else:
        key = dated_vintage(adapter, client, response, now.date()).isoformat()
    return RefreshPlan(outcome.cursor.with_vintage(key), key, outcome.reason)


# --- jobs, sensors, schedules ------------------------------------------------------------------


def refresh_job(adapter: SourceAdapter) -> UnresolvedAssetJobDefinition:
    spec = adapter.spec
    return define_asset_job(
        f"refresh_{spec.source_id}_job",
        selection=AssetSelection.assets(raw_asset_key(spec)),
        description=f"Pull one vintage of {spec.title} into {spec.raw_table}.",
    )


REFRESH_JOBS = {adapter.spec.source_id: refresh_job(adapter) for adapter in ADAPTERS}


def dynamic_partitions(adapter: SourceAdapter) -> DynamicPartitionsDefinition | None:
    partitions = partitions_for(adapter)
    return partitions if isinstance(partitions, DynamicPartitionsDefinition) else None


def refresh_sensor(
    adapter: SourceAdapter,
    probe: SourceRequest | None = None,
    default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED,
) -> SensorDefinition:
    spec = adapter.spec
    probe = probe or probe_request(adapter)
    job = REFRESH_JOBS[spec.source_id]
    dynamic = dynamic_partitions(adapter)

    @sensor(
        name=f"refresh_{spec.source_id}",
        job=job,
        minimum_interval_seconds=MIN_INTERVAL_BY_CADENCE[spec.cadence],
        default_status=default_status,
        description=(
            f"Polls {probe.public_url} conditionally (ETag / Last-Modified, else sha256) and "
            f"requests {spec.raw_table} when {spec.title} changed."
        ),
    )
    def _refresh(context: SensorEvaluationContext, sources: SourcesResource):
        previous = ProbeCursor.from_json(context.cursor)
        try:
            plan = plan_refresh(
                adapter,
                sources.client(spec),
                probe,
                previous,
                lambda: context.instance.get_materialized_partitions(raw_asset_key(spec)),
            )
        except SourceError as error:
            return SkipReason(f"probe failed, cursor kept: {error}")
        if plan.partition_key is None:
            return SensorResult(skip_reason=plan.reason, cursor=plan.cursor.to_json())
        requests = []
        if dynamic is not None and not context.instance.has_dynamic_partition(
            dynamic.name, plan.partition_key
        ):
            requests.append(AddDynamicPartitionsRequest(dynamic.name, [plan.partition_key]))
        run = RunRequest(
            run_key=f"{spec.source_id}:{plan.partition_key}:{(plan.cursor.sha256 or '')[:16]}",
            partition_key=plan.partition_key,
            tags={"maestro/trigger": "refresh_sensor", "maestro/reason": plan.reason[:200]},
        )
        return SensorResult(
            run_requests=[run], dynamic_partitions_requests=requests, cursor=plan.cursor.to_json()
        )

    return _refresh


def refresh_schedule(
    adapter: SourceAdapter,
    probe: SourceRequest | None = None,
    default_status: DefaultScheduleStatus = DefaultScheduleStatus.STOPPED,
) -> ScheduleDefinition:
    """The sensor's evaluation without a cursor: what the publisher serves now, unless it is
    already materialized. Adds the dynamic partition itself (schedules cannot ask for it)."""
    spec = adapter.spec
    probe = probe or probe_request(adapter)
    dynamic = dynamic_partitions(adapter)

    @schedule(
        name=f"refresh_{spec.source_id}_schedule",
        cron_schedule=CRON_BY_CADENCE[spec.cadence],
        job=REFRESH_JOBS[spec.source_id],
        execution_timezone="UTC",
        default_status=default_status,
        description=f"{spec.cadence.value} fallback for the refresh_{spec.source_id} sensor.",
    )
    def _scheduled(context: ScheduleEvaluationContext, sources: SourcesResource):
        materialized = context.instance.get_materialized_partitions(raw_asset_key(spec))
        try:
            plan = plan_refresh(
                adapter, sources.client(spec), probe, ProbeCursor(), lambda: materialized
            )
        except SourceError as error:
            return SkipReason(f"probe failed: {error}")
        if plan.partition_key is None:
            return SkipReason(plan.reason)
        if plan.partition_key in materialized:
            return SkipReason(f"{plan.partition_key} is already materialized")
        if dynamic is not None:
            context.instance.add_dynamic_partitions(dynamic.name, [plan.partition_key])
        return RunRequest(
            partition_key=plan.partition_key, tags={"maestro/trigger": "refresh_schedule"}
        )

    return _scheduled


# --- the inbox ---------------------------------------------------------------------------------

ACCEPTED = "accepted"
REJECTED = "rejected"
DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


@dataclass(frozen=True)
class InboxOutcome:
    source_id: str
    file: Path  # where the file now is
    landed: LandedVintage | None
    problem: str | None = None


def inbox_root(settings: Settings) -> Path:
    return settings.data_dir / "inbox"


def inbox_vintage(adapter: SourceAdapter, path: Path) -> date:
    """`YYYY-MM-DD` in the file name, else the date the file states, else its modification day.
    A malformed date in the name is an error, not a reason to guess."""
    match = DATE_IN_NAME.search(path.name)
    if match:
        try:
            return date.fromisoformat(match.group(1))
        except ValueError:
            raise SourceError(
                adapter.spec.source_id, str(path), f"{match.group(1)!r} in the name is no date"
            ) from None
    stated = safe_stated_vintage(adapter, path.read_bytes())
    if stated is not None:
        return stated
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).date()


def free_path(path: Path) -> Path:
    """`path`, or `name.1.ext`, `name.2.ext`… when a file of that name is already filed."""
    candidate, n = path, 0
    while candidate.exists() or candidate.with_name(candidate.name + ".reason.txt").exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.{n}{path.suffix}")
    return candidate


def record_materialization(instance: DagsterInstance, landed: LandedVintage, name: str) -> None:
    """What `maestro import` reports, on the sensor's own instance."""
    adapter = adapter_for(landed.source_id)
    partition = adapter.partition_for(landed.vintage).isoformat()
    dynamic = dynamic_partitions(adapter)
    if dynamic is not None:
        instance.add_dynamic_partitions(dynamic.name, [partition])
    instance.report_runless_asset_event(
        AssetMaterialization(
            asset_key=raw_asset_key(adapter.spec),
            partition=partition,
            description=f"inbox: {name}",
            metadata={
                "dagster/row_count": landed.rows,
                "vintage": landed.vintage.isoformat(),
                "content_sha256": MetadataValue.json(landed.content_sha256),
                "raw_files": MetadataValue.json([str(p) for p in landed.raw_paths]),
            },
        )
    )


def inbox_files(root: Path) -> Iterable[tuple[str, Path]]:
    """(source_id, file) for every file waiting in a known source's folder, oldest name first.
    Hidden files (uploads in progress) are left alone."""
    known = {adapter.spec.source_id for adapter in ADAPTERS}
    if not root.is_dir():
        return
    for folder in sorted(root.iterdir()):
        if folder.name in (ACCEPTED, REJECTED) or folder.name not in known or not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                yield folder.name, path


def process_inbox(instance: DagsterInstance, settings: Settings, root: Path) -> list[InboxOutcome]:
    from maestro_assets.cli import import_file  # the CLI's validated landing, nothing else

    outcomes = []
    for source_id, path in inbox_files(root):
        try:
            vintage = inbox_vintage(adapter_for(source_id), path)
            landed = import_file(settings, source_id, path, vintage)
        except SourceError as error:
            target = free_path(root / REJECTED / path.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
            target.with_name(target.name + ".reason.txt").write_text(f"{error}\n")
            outcomes.append(InboxOutcome(source_id, target, None, str(error)))
            continue
        record_materialization(instance, landed, path.name)
        target = free_path(root / ACCEPTED / source_id / path.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
        outcomes.append(InboxOutcome(source_id, target, landed))
    return outcomes


def inbox_sensor(
    root: Path | None = None,
    default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED,
    minimum_interval_seconds: int = 60,
) -> SensorDefinition:
    """`root` defaults to `<MAESTRO_DATA_DIR>/inbox`, read at each evaluation."""

    @sensor(
        name="inbox",
        minimum_interval_seconds=minimum_interval_seconds,
        default_status=default_status,
        description=(
            "Lands files dropped into data/inbox/<source_id>/ like `maestro import` and records "
            "them as materializations; rejected files go to inbox/rejected/ with a reason."
        ),
    )
    def _inbox(context: SensorEvaluationContext):
        settings = Settings.from_env()
        outcomes = process_inbox(context.instance, settings, root or inbox_root(settings))
        if not outcomes:
            return SkipReason("the inbox is empty")
        for outcome in outcomes:
            if outcome.landed is not None:
                context.log.info(
                    f"{outcome.source_id}: landed {outcome.landed.rows} rows of vintage "
                    f"{outcome.landed.vintage} from {outcome.file.name}"
                )
            else:
                context.log.warning(f"{outcome.source_id}: rejected {outcome.file.name}")
        accepted = sum(o.landed is not None for o in outcomes)
        return SkipReason(
            f"{accepted} file(s) landed, {len(outcomes) - accepted} rejected; "
            "downstream follows by automation"
        )

    return _inbox


# --- declarative automation ------------------------------------------------------------------


def automation_condition_sensor(
    default_status: DefaultSensorStatus = DefaultSensorStatus.STOPPED,
) -> AutomationConditionSensorDefinition:
    """Dagster 1.13 adds a `default_automation_condition_sensor` on its own, but STOPPED;
    declaring one explicitly names it and lets the code location decide whether it runs."""
    return AutomationConditionSensorDefinition(
        "automation_condition_sensor",
        target=AssetSelection.all(),
        default_status=default_status,
        minimum_interval_seconds=60,
        description="Evaluates the dbt models' and signals' automation conditions (eager).",
    )


@dataclass(frozen=True)
class Automation:
    sensors: list[SensorDefinition]
    schedules: list[ScheduleDefinition]
    jobs: list[UnresolvedAssetJobDefinition]


def automation_for(settings: Settings) -> Automation:
    """Everything above. Running by default against live publishers; STOPPED when replaying
    snapshots (start them in the UI, or `dagster sensor start`)."""
    live = settings.source_mode is not SourceMode.SNAPSHOT
    sensor_status = DefaultSensorStatus.RUNNING if live else DefaultSensorStatus.STOPPED
    schedule_status = DefaultScheduleStatus.RUNNING if live else DefaultScheduleStatus.STOPPED
    return Automation(
        sensors=[
            *(refresh_sensor(a, default_status=sensor_status) for a in ADAPTERS),
            inbox_sensor(default_status=sensor_status),
            automation_condition_sensor(sensor_status),
        ],
        schedules=[refresh_schedule(a, default_status=schedule_status) for a in ADAPTERS],
        jobs=list(REFRESH_JOBS.values()),
    )
