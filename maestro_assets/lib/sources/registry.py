"""Every source adapter, in one tuple: assets, catalog, freshness, imports and README read it."""

from __future__ import annotations

from maestro_assets.lib.catalog import SourceSpec
from maestro_assets.lib.sources import (
    caiso_queue,
    eia860m,
    eia_api,
    epa_gpp_partners,
    ercot_gis,
    isone_queue,
    lbnl_queued_up,
    miso_queue,
    ncsl_siting_authority,
    nrel_ordinances,
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
from maestro_assets.lib.sources.adapter import SourceAdapter

ADAPTERS: tuple[SourceAdapter, ...] = (
    eia860m.ADAPTER,
    eia_api.ADAPTER,
    ercot_gis.ADAPTER,
    pjm_queue.ADAPTER,
    miso_queue.ADAPTER,
    spp_queue.ADAPTER,
    nyiso_queue.ADAPTER,
    isone_queue.ADAPTER,
    caiso_queue.ADAPTER,
    lbnl_queued_up.ADAPTER,
    # regulatory opposition
    sabin_report.ADAPTER,
    sabin_interim_csv.ADAPTER,
    nrel_ordinances.WIND_ADAPTER,
    nrel_ordinances.SOLAR_ADAPTER,
    ncsl_siting_authority.ADAPTER,
    ny_ores_permits.ADAPTER,
    oh_opsb_cases.ADAPTER,
    opposition_news.ADAPTER,
    # corporate procurement
    sec_edgar_search.ADAPTER,
    sec_edgar_submissions.ADAPTER,
    epa_gpp_partners.ADAPTER,
    re100_members.ADAPTER,
    procurement_news.ADAPTER,
)
SOURCES: tuple[SourceSpec, ...] = tuple(adapter.spec for adapter in ADAPTERS)


def adapter_for(source_id: str) -> SourceAdapter:
    for adapter in ADAPTERS:
        if adapter.spec.source_id == source_id:
            return adapter
    known = ", ".join(a.spec.source_id for a in ADAPTERS)
    raise KeyError(f"unknown source {source_id!r}; known sources: {known}")


def source_by_id(source_id: str) -> SourceSpec:
    return adapter_for(source_id).spec
