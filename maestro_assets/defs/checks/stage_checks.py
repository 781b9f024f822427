"""Checks on staged models that carry a canonical stage."""

from dagster import AssetKey

from maestro_assets.defs.checks.source_checks import warehouse_check
from maestro_assets.lib.quality import unmapped_status_verdict

STAGED_WITH_STAGE = ("staging.stg_eia860m__generators",)


def every_status_is_mapped(relation: str):
    return warehouse_check(
        AssetKey(relation.split(".")),
        "every_status_is_mapped",
        "Every raw status value maps through the status_stage_map seed to a canonical stage; "
        "an unmapped value fails with ERROR and is listed.",
        lambda connection, _: unmapped_status_verdict(connection, relation, "status_key"),
        blocking=True,
    )


STAGE_CHECKS = [every_status_is_mapped(relation) for relation in STAGED_WITH_STAGE]
