"""The bundled snapshot is exactly what the deterministic generator writes."""

import hashlib
from pathlib import Path

from maestro_assets.lib.synthetic.__main__ import WRITERS, write_all
from maestro_assets_tests.conftest import SNAPSHOTS


def digests(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def test_regenerating_the_snapshot_reproduces_the_committed_files(tmp_path):
    write_all(tmp_path)
    for source_id, _ in WRITERS:
        assert digests(tmp_path / source_id) == digests(SNAPSHOTS / source_id), source_id


def test_every_registered_source_has_a_snapshot_writer():
    from maestro_assets.lib.sources.registry import ADAPTERS

    assert {source_id for source_id, _ in WRITERS} == {a.spec.source_id for a in ADAPTERS}
