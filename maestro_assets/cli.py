"""`maestro`: import archived files, list sources, query the warehouse read-only, look up an
organization, and build the weekly brief."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from maestro_assets.lib.catalog import judge_freshness, sources_markdown
from maestro_assets.lib.errors import SourceError
from maestro_assets.lib.landing import LandedVintage, RawFile, land_vintage
from maestro_assets.lib.organization_report import organization_report
from maestro_assets.lib.settings import PROJECT_ROOT, Settings, as_of_or_today
from maestro_assets.lib.sources.registry import SOURCES, adapter_for
from maestro_assets.lib.warehouse import connect_for_reading

README_SOURCES = re.compile(r"(<!-- sources:begin -->\n).*?(<!-- sources:end -->)", re.DOTALL)


def import_file(settings: Settings, source_id: str, path: Path, vintage: date) -> LandedVintage:
    """Land a local file as one vintage of a source, through the same parser as a pull.

    A data-month source files the vintage under its month's last day, whichever day of the
    month was named; a dated-vintage source (a queue) under the date itself.
    """
    adapter = adapter_for(source_id)
    spec = adapter.spec
    if not path.is_file():
        raise SourceError(source_id, str(path), "no such file")
    file = RawFile(
        content=path.read_bytes(),
        source_url=path.resolve().as_uri(),
        fetched_at=datetime.now(UTC),
        extension=path.suffix.lstrip(".").lower() or spec.file_format,
        origin="import",
    )
    return land_vintage(
        settings.duckdb_path,
        settings.raw_dir,
        spec,
        adapter.landing_vintage(adapter.partition_for(vintage)),
        [file],
        adapter.parse,
    )


def report_to_dagster(landed: LandedVintage) -> str:
    """Record the import as a materialization of the raw asset, so the UI and automation see it.

    Dagster is imported here, not at the top: `maestro sql` and `maestro sources` start in a
    fraction of the time without it."""
    from dagster import (
        AssetMaterialization,
        DagsterInstance,
        DynamicPartitionsDefinition,
        MetadataValue,
    )

    from maestro_assets.defs.sources.landing import partitions_for, raw_asset_key

    home = os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster_home"))
    if not Path(home).is_dir():
        return f"no Dagster instance at {home}; the UI will not show this import"
    adapter = adapter_for(landed.source_id)
    partition = adapter.partition_for(landed.vintage).isoformat()
    instance = DagsterInstance.get()
    partitions = partitions_for(adapter)
    if isinstance(partitions, DynamicPartitionsDefinition):
        instance.add_dynamic_partitions(partitions.name, [partition])
    instance.report_runless_asset_event(
        AssetMaterialization(
            asset_key=raw_asset_key(adapter.spec),
            partition=partition,
            description="maestro import",
            metadata={
                "dagster/row_count": landed.rows,
                "vintage": landed.vintage.isoformat(),
                "content_sha256": MetadataValue.json(landed.content_sha256),
                "raw_files": MetadataValue.json([str(p) for p in landed.raw_paths]),
            },
        )
    )
    return f"recorded as a materialization in the Dagster instance at {home}"


def latest_vintages(settings: Settings) -> dict[str, date]:
    try:
        connection = connect_for_reading(settings.duckdb_path)
    except FileNotFoundError:
        return {}
    with connection:
        try:
            rows = connection.execute(
                "SELECT source_id, max(vintage) FROM meta.raw_landing GROUP BY 1"
            ).fetchall()
        except duckdb.CatalogException:
            return {}
    return dict(rows)


def sources_table(settings: Settings) -> list[tuple[str, ...]]:
    latest = latest_vintages(settings)
    as_of = as_of_or_today(settings.as_of)
    rows = []
    for spec in SOURCES:
        vintage = latest.get(spec.source_id)
        rows.append(
            (
                spec.source_id,
                spec.publisher,
                spec.cadence.value,
                spec.reliability,
                vintage.isoformat() if vintage else "-",
                judge_freshness(vintage, as_of, spec.staleness).value,
            )
        )
    return rows


def format_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [list(map(str, header)), *([str(c) for c in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_readme_sources(readme: Path) -> None:
    text = readme.read_text()
    if not README_SOURCES.search(text):
        raise SystemExit(f"{readme} has no <!-- sources:begin --> ... <!-- sources:end --> block")
    table = sources_markdown(SOURCES)
    readme.write_text(README_SOURCES.sub(lambda m: m.group(1) + table + m.group(2), text))


def run_sql(settings: Settings, query: str, max_rows: int) -> str:
    with connect_for_reading(settings.duckdb_path) as connection:
        result = connection.execute(query)
        if not result.description:
            return "(no result)"
        header = [column[0] for column in result.description]
        rows = result.fetchmany(max_rows + 1)
    shown = format_table(header, rows[:max_rows])
    return shown + (f"\n... (first {max_rows} rows shown)" if len(rows) > max_rows else "")


def build_brief(settings: Settings, as_of: date) -> tuple[str, bool]:
    """Build the weekly brief from the current warehouse and check its narrative: what to
    print, and whether the check passed.

    Dagster is imported here (the brief's definitions module), not at the top, for the same
    reason as in report_to_dagster."""
    from maestro_assets.defs.brief import build_brief_from_settings

    built, verdict = build_brief_from_settings(settings, as_of)
    narrative = built.brief.narrative
    lines = [
        f"brief as of {as_of}: {built.paths.html}",
        f"markdown: {built.paths.markdown}",
        f"narrative: {narrative.source} (LLM {narrative.llm_outcome})",
        f"narrative check: {'pass' if verdict.passed else 'FAIL'}: {verdict.description}",
    ]
    return "\n".join(lines), verdict.passed


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(prog="maestro", description=__doc__)
    commands = cli.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="land a local file as a vintage of a source")
    imp.add_argument("source_id", choices=[s.source_id for s in SOURCES])
    imp.add_argument("file", type=Path)
    imp.add_argument("--vintage", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
    src = commands.add_parser("sources", help="the source catalog with last vintage, freshness")
    src.add_argument("--write-readme", type=Path, help="regenerate the README's source table")
    sql = commands.add_parser("sql", help="run a query on the read-only copy of the warehouse")
    sql.add_argument("query")
    sql.add_argument("--max-rows", type=int, default=100)
    org = commands.add_parser(
        "org", help="an organization's identity, aliases and every signal with evidence"
    )
    org.add_argument("name", help="a name as any source writes it, or an org_id")
    brief = commands.add_parser("brief", help="build the weekly brief from the current warehouse")
    brief.add_argument(
        "--as-of", type=date.fromisoformat, help="YYYY-MM-DD (default: MAESTRO_AS_OF, else today)"
    )
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = Settings.from_env()
    try:
        if args.command == "import":
            landed = import_file(settings, args.source_id, args.file, args.vintage)
            print(
                f"landed {landed.rows} rows of {landed.source_id} vintage {landed.vintage} "
                f"from {args.file} ({', '.join(s[:12] for s in landed.content_sha256)})"
            )
            print(report_to_dagster(landed))
        elif args.command == "sources":
            if args.write_readme:
                write_readme_sources(args.write_readme)
                print(f"wrote the source table into {args.write_readme}")
            else:
                header = ("source_id", "publisher", "cadence", "grade", "last vintage", "freshness")
                print(format_table(header, sources_table(settings)))
        elif args.command == "sql":
            print(run_sql(settings, args.query, args.max_rows))
        elif args.command == "org":
            with connect_for_reading(settings.duckdb_path) as connection:
                print(organization_report(connection, args.name))
        elif args.command == "brief":
            report, supported = build_brief(settings, args.as_of or as_of_or_today(settings.as_of))
            print(report)
            if not supported:
                return 1
    except SourceError as error:
        print(f"maestro {args.command} failed: {error}", file=sys.stderr)
        print("nothing was written: the warehouse and raw files are unchanged", file=sys.stderr)
        return 2
    except (FileNotFoundError, duckdb.Error) as error:
        print(f"maestro {args.command} failed: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
