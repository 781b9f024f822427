"""Recorded SEC EDGAR submissions files for the filers of the simulated full-text search.

The submissions pull runs the vintage's full-text search first (in the same client), so each
vintage here records the same search pages as the search snapshot, then one
`CIK##########.json` per filer CIK those pages serve, as the company stood on the vintage
date: its name then (a company renamed between vintages shows the new name and lists the old
one in `formerNames` only from the rename on) and every simulated filing up to that day in
`filings.recent` (parallel arrays, newest first). Companies listed before the simulated
history starts also list one file of older filings under `filings.files`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from maestro_assets.lib.http import write_snapshot_index
from maestro_assets.lib.sources.sec_edgar_submissions import submissions_request
from maestro_assets.lib.synthetic.recording import clear_generated, record_response
from maestro_assets.lib.synthetic.sec_edgar_search import (
    DEFAULT_SEED,
    HISTORY_START,
    JSON,
    SEARCH_DIR,
    VINTAGES,
    Filer,
    Filing,
    file_number,
    json_bytes,
    pulled_at,
    record_probe,
    record_search_pages,
    simulate_filings,
    simulated_filers,
)

SUBMISSIONS_DIR = "submissions"
EDGAR_TIMESTAMP = "{:%Y-%m-%d}T00:00:00.000Z"


def recent_arrays(filer: Filer, filings: list[Filing]) -> dict[str, list]:
    """`filings.recent`: one entry per filing, newest first, as parallel arrays."""
    newest_first = sorted(filings, key=lambda f: (f.file_date, f.accession), reverse=True)
    return {
        "accessionNumber": [f.accession for f in newest_first],
        "filingDate": [f.file_date.isoformat() for f in newest_first],
        "reportDate": [f.period_ending.isoformat() for f in newest_first],
        "acceptanceDateTime": [f.accepted_at for f in newest_first],
        "act": ["34" for _ in newest_first],
        "form": [f.form for f in newest_first],
        "fileNumber": [file_number(filer) for _ in newest_first],
        "filmNumber": [f.film_number for f in newest_first],
        "items": [",".join(f.items) for f in newest_first],
        "core_type": [f.form for f in newest_first],
        "size": [f.size for f in newest_first],
        "isXBRL": [int(f.form != "8-K") for f in newest_first],
        "isInlineXBRL": [int(f.form != "8-K") for f in newest_first],
        "primaryDocument": [f.documents[0].filename for f in newest_first],
        "primaryDocDescription": [f.documents[0].description for f in newest_first],
    }


def address(filer: Filer, seed: int) -> dict:
    rng = random.Random(f"{seed}:{filer.cik}:address")
    return {
        "street1": f"{rng.randint(100, 9999)} {rng.choice(('Main', 'Market', 'Commerce', 'Park'))} "
        f"{rng.choice(('Street', 'Avenue', 'Boulevard'))}",
        "street2": None,
        "city": filer.city.upper(),
        "stateOrCountry": filer.state,
        "zipCode": f"{rng.randint(10000, 99999)}",
        "stateOrCountryDescription": filer.state,
        "isForeignLocation": 0,
        "foreignStateTerritory": None,
        "country": None,
        "countryCode": None,
    }


def submissions_body(filer: Filer, filings: list[Filing], vintage: date, seed: int) -> dict:
    """The company's submissions file as it stood on `vintage`."""
    first_filing = filer.listed_on
    shown = [f for f in filings if f.file_date <= vintage]
    rng = random.Random(f"{seed}:{filer.cik}:profile")
    older_files = (
        [
            {
                "name": f"CIK{filer.cik}-submissions-001.json",
                "filingCount": rng.randint(40, 900),
                "filingFrom": first_filing.isoformat(),
                "filingTo": (HISTORY_START - timedelta(days=1)).isoformat(),
            }
        ]
        if first_filing < HISTORY_START
        else []
    )
    return {
        "cik": str(int(filer.cik)),
        "entityType": "operating",
        "sic": filer.sic,
        "sicDescription": filer.sic_description,
        "ownerOrg": None,
        "insiderTransactionForOwnerExists": 0,
        "insiderTransactionForIssuerExists": int(bool(filer.tickers)),
        "name": filer.name_on(vintage),
        "tickers": list(filer.tickers),
        "exchanges": list(filer.exchanges),
        "ein": f"{rng.randint(10, 99)}{rng.randint(1_000_000, 9_999_999)}",
        "lei": None,
        "description": "",
        "website": "",
        "investorWebsite": "",
        "category": "Large accelerated filer" if filer.tickers else "Non-accelerated filer",
        "fiscalYearEnd": "1231",
        "stateOfIncorporation": filer.state_of_incorporation,
        "stateOfIncorporationDescription": filer.state_of_incorporation,
        "addresses": {"mailing": address(filer, seed), "business": address(filer, seed)},
        "phone": f"{rng.randint(200, 989)}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
        "flags": "",
        "formerNames": [
            {
                "name": former.name,
                "from": EDGAR_TIMESTAMP.format(former.used_from),
                "to": EDGAR_TIMESTAMP.format(former.used_to),
            }
            for former in sorted(
                filer.former_names_on(vintage), key=lambda f: f.used_to, reverse=True
            )
        ],
        "filings": {"recent": recent_arrays(filer, shown), "files": older_files},
    }


def write_sec_edgar_submissions_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Write, per vintage, the search pages the pull reads and every found filer's file."""
    filings = simulate_filings(scale, seed)
    filers = {filer.cik: filer for filer in simulated_filers(scale, seed)}
    filings_by_cik: dict[str, list[Filing]] = {}
    for filing in filings:
        for cik in filing.ciks:
            filings_by_cik.setdefault(cik, []).append(filing)
    clear_generated(source_dir, (SEARCH_DIR, SUBMISSIONS_DIR))
    entries = []
    for vintage in VINTAGES:
        search = record_search_pages(source_dir, filings, vintage, seed)
        entries += search.entries
        for cik in search.ciks:
            body = submissions_body(filers[cik], filings_by_cik[cik], vintage, seed)
            entries.append(
                record_response(
                    source_dir,
                    submissions_request(cik).public_url,
                    f"{SUBMISSIONS_DIR}/{vintage}/CIK{cik}.json",
                    json_bytes(body),
                    JSON,
                    pulled_at(vintage),
                    vintage=vintage,
                )
            )
    write_snapshot_index(source_dir, [*entries, record_probe(source_dir, filings, seed)])
    return list(VINTAGES)
