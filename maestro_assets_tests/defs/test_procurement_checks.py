"""The EDGAR cap check judges the latest vintage and lists every capped query."""

from datetime import date

import duckdb
import pytest

from maestro_assets.defs.checks.procurement_checks import EDGAR_QUERIES, capped_queries_verdict


@pytest.fixture
def connection():
    with duckdb.connect() as connection:
        connection.execute("CREATE SCHEMA staging")
        connection.execute(
            f"CREATE TABLE {EDGAR_QUERIES} "
            "(vintage DATE, query VARCHAR, hits_total BIGINT, hits_capped BOOLEAN)"
        )
        yield connection


def add(connection, vintage: date, query: str, total: int, capped: bool) -> None:
    connection.execute(
        f"INSERT INTO {EDGAR_QUERIES} VALUES (?, ?, ?, ?)", [vintage, query, total, capped]
    )


def test_a_cap_in_an_earlier_vintage_is_listed_but_passes(connection):
    add(connection, date(2026, 7, 1), "power purchase agreement", 10_000, True)
    add(connection, date(2026, 10, 1), "power purchase agreement", 9_120, False)
    verdict = capped_queries_verdict(connection)
    assert verdict.passed and not verdict.severe
    assert verdict.metadata["capped_queries"] == [
        {"vintage": "2026-07-01", "query": "power purchase agreement", "hits_total": 10_000}
    ]


def test_a_cap_in_the_latest_vintage_warns_and_names_the_query(connection):
    add(connection, date(2026, 7, 1), "green tariff", 40, False)
    add(connection, date(2026, 10, 1), "green tariff", 52, False)
    add(connection, date(2026, 10, 1), "renewable energy credits", 10_000, True)
    verdict = capped_queries_verdict(connection)
    assert not verdict.passed and not verdict.severe
    assert "renewable energy credits" in verdict.description
    assert "green tariff" not in verdict.description
