"""Checks on the procurement sources that the generic source checks cannot see."""

import duckdb
from dagster import AssetKey

from maestro_assets.defs.checks.source_checks import warehouse_check
from maestro_assets.lib.quality import Verdict

EDGAR_QUERIES = "staging.stg_sec_edgar_search__queries"


def capped_queries_verdict(connection: duckdb.DuckDBPyConnection) -> Verdict:
    """WARN when a query of the latest EDGAR search vintage hit the 10,000-hit cap: its
    results were not read to the end (the index refuses `from` beyond 10,000), so filings are
    missing until the window is narrowed. Capped queries of every vintage are listed."""
    rows = connection.execute(
        f"""
        SELECT vintage, query, hits_total,
               vintage = (SELECT max(vintage) FROM {EDGAR_QUERIES}) AS is_latest
        FROM {EDGAR_QUERIES} WHERE hits_capped ORDER BY vintage, query
        """
    ).fetchall()
    latest = [(query, total) for _, query, total, is_latest in rows if is_latest]
    return Verdict(
        passed=not latest,
        severe=False,
        description=(
            "no query of the latest vintage hit the 10,000-hit cap"
            if not latest
            else "capped at 10,000 hits in the latest vintage (results incomplete): "
            + "; ".join(f"{query!r} ({total}+)" for query, total in latest)
        ),
        metadata={
            "capped_queries": [
                {"vintage": vintage.isoformat(), "query": query, "hits_total": total}
                for vintage, query, total, _ in rows
            ]
        },
    )


PROCUREMENT_CHECKS = [
    warehouse_check(
        AssetKey(EDGAR_QUERIES.split(".")),
        "edgar_queries_not_capped",
        "No EDGAR full-text query of the latest vintage reached the index's 10,000-hit cap "
        "(WARN: a capped query's results are incomplete; every capped query is listed).",
        lambda connection, _: capped_queries_verdict(connection),
        blocking=False,
    ),
]
