"""A build with unlanded sources leaves out exactly the organization-name domains that read
them, so entity resolution and the signals still build from the rest."""

import json

import pytest

from maestro_assets.defs.dbt import (
    DBT_PROJECT,
    PARTIAL_PARSE,
    dbt_build_args,
    keep_partial_parse,
    organization_name_models_without,
)

PIPELINE = "int_pipeline__organization_names"
OPPOSITION = "int_opposition__organization_names"
PROCUREMENT = "int_procurement__organization_names"


@pytest.fixture(scope="module")
def manifest():
    return json.loads(DBT_PROJECT.manifest_path.read_text())


def test_with_every_source_landed_every_domain_is_read(manifest):
    assert organization_name_models_without([], manifest) == [PIPELINE, OPPOSITION, PROCUREMENT]


@pytest.mark.parametrize(
    ("unlanded", "kept"),
    [
        # a queue left out of the project union does not take the pipeline names with it
        (["pjm_queue"], [PIPELINE, OPPOSITION, PROCUREMENT]),
        (["ny_ores_permits"], [PIPELINE, PROCUREMENT]),
        (["sec_edgar_search", "re100_members"], [PIPELINE, OPPOSITION]),
    ],
)
def test_a_domain_reading_an_unlanded_source_is_left_out(manifest, unlanded, kept):
    assert organization_name_models_without(unlanded, manifest) == kept


def test_the_build_arguments_carry_the_reduced_domains_and_exclusions(manifest):
    from datetime import date

    arguments = dbt_build_args(date(2026, 10, 1), ["ny_ores_permits"], manifest)
    variables = json.loads(arguments[arguments.index("--vars") + 1])
    assert variables["organization_name_models"] == [PIPELINE, PROCUREMENT]
    assert arguments[arguments.index("--exclude") + 1] == "source:ny_ores_permits+"
    assert "buildable" in arguments


def test_the_next_invocation_starts_from_this_invocations_parse(tmp_path):
    invocation, project = tmp_path / "invocation", tmp_path / "target"
    invocation.mkdir()
    project.mkdir()
    (project / PARTIAL_PARSE).write_bytes(b"parse of make manifest")
    (invocation / PARTIAL_PARSE).write_bytes(b"parse with this build's path and vars")
    keep_partial_parse(invocation, project)
    assert (project / PARTIAL_PARSE).read_bytes() == b"parse with this build's path and vars"
    assert sorted(p.name for p in project.iterdir()) == [PARTIAL_PARSE]


def test_an_invocation_that_wrote_no_parse_leaves_the_saved_one(tmp_path):
    (tmp_path / PARTIAL_PARSE).write_bytes(b"parse of make manifest")
    keep_partial_parse(tmp_path / "failed-before-parsing", tmp_path)
    assert (tmp_path / PARTIAL_PARSE).read_bytes() == b"parse of make manifest"
