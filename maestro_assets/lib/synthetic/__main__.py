"""`python -m maestro_assets.lib.synthetic OUT_DIR [--scale N] [--seed S]`: write the snapshot."""

from __future__ import annotations

import argparse
from pathlib import Path

from maestro_assets.lib.synthetic.caiso_queue import write_caiso_queue_snapshot
from maestro_assets.lib.synthetic.eia860m import write_eia860m_snapshot
from maestro_assets.lib.synthetic.eia_api import write_eia_api_snapshot
from maestro_assets.lib.synthetic.epa_gpp_partners import write_epa_gpp_partners_snapshot
from maestro_assets.lib.synthetic.ercot_gis import write_ercot_gis_snapshot
from maestro_assets.lib.synthetic.isone_queue import write_isone_queue_snapshot
from maestro_assets.lib.synthetic.lbnl_queued_up import write_lbnl_queued_up_snapshot
from maestro_assets.lib.synthetic.miso_queue import write_miso_queue_snapshot
from maestro_assets.lib.synthetic.ncsl_siting_authority import write_ncsl_siting_authority_snapshot
from maestro_assets.lib.synthetic.nrel_ordinances import (
    write_nrel_solar_ordinances_snapshot,
    write_nrel_wind_ordinances_snapshot,
)
from maestro_assets.lib.synthetic.ny_ores_permits import write_ny_ores_permits_snapshot
from maestro_assets.lib.synthetic.nyiso_queue import write_nyiso_queue_snapshot
from maestro_assets.lib.synthetic.oh_opsb_cases import write_oh_opsb_cases_snapshot
from maestro_assets.lib.synthetic.opposition_news import write_opposition_news_snapshot
from maestro_assets.lib.synthetic.pjm_queue import write_pjm_queue_snapshot
from maestro_assets.lib.synthetic.procurement_news import write_procurement_news_snapshot
from maestro_assets.lib.synthetic.re100_members import write_re100_members_snapshot
from maestro_assets.lib.synthetic.sabin_interim_csv import write_sabin_interim_csv_snapshot
from maestro_assets.lib.synthetic.sabin_report import write_sabin_report_snapshot
from maestro_assets.lib.synthetic.sec_edgar_search import write_sec_edgar_search_snapshot
from maestro_assets.lib.synthetic.sec_edgar_submissions import (
    write_sec_edgar_submissions_snapshot,
)
from maestro_assets.lib.synthetic.spp_queue import write_spp_queue_snapshot

WRITERS = (
    ("eia860m", write_eia860m_snapshot),
    ("eia_api_generator_capacity", write_eia_api_snapshot),
    ("ercot_gis", write_ercot_gis_snapshot),
    ("pjm_queue", write_pjm_queue_snapshot),
    ("miso_queue", write_miso_queue_snapshot),
    ("spp_queue", write_spp_queue_snapshot),
    ("nyiso_queue", write_nyiso_queue_snapshot),
    ("isone_queue", write_isone_queue_snapshot),
    ("caiso_queue", write_caiso_queue_snapshot),
    ("lbnl_queued_up", write_lbnl_queued_up_snapshot),
    ("sabin_report", write_sabin_report_snapshot),
    ("sabin_interim_csv", write_sabin_interim_csv_snapshot),
    ("nrel_wind_ordinances", write_nrel_wind_ordinances_snapshot),
    ("nrel_solar_ordinances", write_nrel_solar_ordinances_snapshot),
    ("ncsl_siting_authority", write_ncsl_siting_authority_snapshot),
    ("ny_ores_permits", write_ny_ores_permits_snapshot),
    ("oh_opsb_cases", write_oh_opsb_cases_snapshot),
    ("opposition_news", write_opposition_news_snapshot),
    ("sec_edgar_search", write_sec_edgar_search_snapshot),
    ("sec_edgar_submissions", write_sec_edgar_submissions_snapshot),
    ("epa_gpp_partners", write_epa_gpp_partners_snapshot),
    ("re100_members", write_re100_members_snapshot),
    ("procurement_news", write_procurement_news_snapshot),
)


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def write_all(out_dir: Path, scale: int = 1) -> dict[str, list]:
    """Every source's snapshot under out_dir/<source_id> (each with its own fixed seed)."""
    return {source_id: write(out_dir / source_id, scale=scale) for source_id, write in WRITERS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m maestro_assets.lib.synthetic",
        description="Write the deterministic offline snapshot of the synthetic sources.",
    )
    parser.add_argument("out_dir", type=Path, help="normally data/snapshots")
    parser.add_argument("--scale", type=positive_int, default=1, help="multiplies the fleet")
    args = parser.parse_args(argv)
    for source_id, vintages in write_all(args.out_dir, args.scale).items():
        print(f"{source_id}: {len(vintages)} vintages, {vintages[0]} to {vintages[-1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
