"""Writing recorded responses: the bodies and index entries every synthetic source shares."""

from __future__ import annotations

import email.utils
import hashlib
import shutil
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from maestro_assets.lib.http import snapshot_entry


def clear_generated(source_dir: Path, names: Iterable[str]) -> None:
    """Remove what an earlier run generated, so no stale body outlives its index entry."""
    for name in names:
        path = source_dir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def record_response(
    source_dir: Path,
    url: str,
    body: str,
    content: bytes,
    content_type: str,
    published: datetime,
    vintage: date | None = None,
) -> dict:
    """Write one response body under `source_dir` and return its snapshot index entry.

    `vintage` marks one of several recorded versions of the same URL (a queue file as it
    stood on that date); replay picks the entry whose vintage the partition names.
    """
    path = source_dir / body
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    headers = {
        "content-type": content_type,
        "etag": f'"{hashlib.sha256(content).hexdigest()[:16]}"',
        "last-modified": email.utils.format_datetime(published, usegmt=True),
    }
    return snapshot_entry(url=url, body=body, headers=headers, vintage=vintage)
