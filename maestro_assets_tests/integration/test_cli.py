"""`maestro import`, `maestro sources` and `maestro sql`, as a person would run them."""

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import pytest

from maestro_assets.cli import main
from maestro_assets_tests.conftest import SNAPSHOTS

AUGUST = SNAPSHOTS / "eia860m" / "xls" / "august_generator2026.xlsx"
JULY = SNAPSHOTS / "eia860m" / "xls" / "july_generator2026.xlsx"


def fingerprint(directory: Path) -> dict[str, str]:
    """Every file under a directory and the hash of its bytes."""
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def cli_env(isolated_env, tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    (tmp_path / "dagster_home").mkdir()
    return isolated_env


def test_import_lands_a_month_under_its_as_of_date_and_sql_reads_it(cli_env, capsys):
    assert main(["import", "eia860m", str(AUGUST), "--vintage", "2026-08-15"]) == 0
    assert "vintage 2026-08-31" in capsys.readouterr().out
    assert main(["sql", "SELECT DISTINCT vintage, source_id FROM raw.eia860m__generators"]) == 0
    out = capsys.readouterr().out
    assert "2026-08-31" in out and "eia860m" in out
    landed = list((cli_env.raw_dir / "eia860m" / "2026-08-31").glob("*.xlsx"))
    assert [p.read_bytes() == AUGUST.read_bytes() for p in landed] == [True]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"<!DOCTYPE html><html><title>Access Denied</title></html>", "HTML page"),
        (AUGUST.read_bytes()[:5000], "truncated or corrupt xlsx"),
        (b"", "empty file"),
    ],
)
def test_a_bad_import_names_the_problem_and_changes_nothing(
    cli_env, tmp_path, capsys, content, problem
):
    assert main(["import", "eia860m", str(JULY), "--vintage", "2026-07-31"]) == 0
    before = fingerprint(cli_env.data_dir)
    bad = tmp_path / "august_generator2026.xlsx"
    bad.write_bytes(content)
    assert main(["import", "eia860m", str(bad), "--vintage", "2026-08-31"]) == 2
    error = capsys.readouterr().err
    assert "[eia860m]" in error and problem in error and bad.name in error
    assert fingerprint(cli_env.data_dir) == before


def test_sources_lists_every_source_with_its_last_vintage_and_freshness(
    cli_env, capsys, monkeypatch
):
    monkeypatch.setenv("MAESTRO_AS_OF", "2026-10-20")  # 50 days after
    assert main(["import", "eia860m", str(AUGUST), "--vintage", "2026-08-31"]) == 0
    capsys.readouterr()
    assert main(["sources"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[2:]}
    assert "2026-08-31" in lines["eia860m"] and lines["eia860m"].rstrip().endswith("warn")
    assert lines["eia_api_generator_capacity"].rstrip().endswith("missing")


def test_sql_cannot_write(cli_env, capsys):
    assert main(["import", "eia860m", str(AUGUST), "--vintage", "2026-08-31"]) == 0
    assert main(["sql", "DELETE FROM raw.eia860m__generators"]) == 2
    assert "read-only" in capsys.readouterr().err.lower()


def test_sql_answers_while_another_process_holds_the_write_lock(cli_env, capsys):
    assert main(["import", "eia860m", str(AUGUST), "--vintage", "2026-08-31"]) == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "c.execute('BEGIN'); c.execute('DELETE FROM raw.eia860m__generators'); "
            "print('locked', flush=True); time.sleep(60)",
            str(cli_env.duckdb_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        capsys.readouterr()
        for _ in range(3):
            assert main(["sql", "SELECT count(*) AS n FROM raw.eia860m__generators"]) == 0
            assert capsys.readouterr().out.split()[-1] != "0"
            time.sleep(0.05)
    finally:
        holder.kill()
        holder.wait()


def test_a_build_with_only_some_sources_landed_leaves_the_others_out(cli_env):
    """A new install that has pulled only EIA-860M still builds every model it can."""
    from dagster import DagsterInstance

    from maestro_assets.definitions import build_definitions
    from maestro_assets.lib.settings import Settings
    from maestro_assets.lib.warehouse import connect_for_reading

    for month in ("july", "august"):
        workbook = SNAPSHOTS / "eia860m" / "xls" / f"{month}_generator2026.xlsx"
        assert (
            main(
                [
                    "import",
                    "eia860m",
                    str(workbook),
                    "--vintage",
                    "2026-08-01" if month == "august" else "2026-07-01",
                ]
            )
            == 0
        )
    settings = Settings.from_env()
    build = build_definitions(settings).resolve_job_def("build_warehouse")
    result = build.execute_in_process(instance=DagsterInstance.ephemeral(), raise_on_error=False)
    assert result.success
    with connect_for_reading(settings.duckdb_path) as connection:
        sources = connection.execute(
            "SELECT DISTINCT source_id FROM marts.fct_project_stage_change"
        ).fetchall()
        queues = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'stg_%queue%'"
        ).fetchone()[0]
    assert sources == [("eia860m",)]
    assert queues == 0
