"""Every declared source, in one tuple: the catalog table, freshness and README read it."""

from __future__ import annotations

from maestro_assets.lib.catalog import SourceSpec
from maestro_assets.lib.landing import Parser
from maestro_assets.lib.sources import eia860m, eia_api

SOURCES: tuple[SourceSpec, ...] = (eia860m.SPEC, eia_api.SPEC)


def source_by_id(source_id: str) -> SourceSpec:
    for spec in SOURCES:
        if spec.source_id == source_id:
            return spec
    known = ", ".join(s.source_id for s in SOURCES)
    raise KeyError(f"unknown source {source_id!r}; known sources: {known}")


def parser_for(source_id: str) -> Parser:
    """The pure parser that reads one file of the source (used by pulls and imports alike)."""
    return PARSERS[source_by_id(source_id).source_id]


PARSERS: dict[str, Parser] = {
    eia860m.SPEC.source_id: eia860m.parse_workbook,
    eia_api.SPEC.source_id: eia_api.parse_page,
}
