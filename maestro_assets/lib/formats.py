"""Is this really the declared format? Catch error pages and broken files before parsing."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

from maestro_assets.lib.errors import FormatError

XLSX_MAGIC = b"PK\x03\x04"
HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"(<!doctype\s+html|<html|<head|<body)",
    re.IGNORECASE | re.DOTALL,
)
HTML_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def describe_html(content: bytes) -> str:
    title = HTML_TITLE.search(content[:20_000])
    if title:
        text = " ".join(title.group(1).decode("utf-8", "replace").split())
        return f"an HTML page titled {text[:120]!r}"
    return "an HTML page"


def looks_like_html(content: bytes) -> bool:
    return bool(HTML_START.match(content[:4096]))


def require_content(content: bytes, expected: str, source_id: str, location: str) -> None:
    if not content.strip():
        raise FormatError(source_id, location, f"empty file where {expected} was expected")
    if expected != "html" and looks_like_html(content):
        raise FormatError(
            source_id, location, f"expected {expected} but got {describe_html(content)}"
        )


def require_xlsx(content: bytes, source_id: str, location: str) -> None:
    require_content(content, "an xlsx workbook", source_id, location)
    if not content.startswith(XLSX_MAGIC):
        head = content[:16].decode("latin-1").encode("unicode_escape").decode()
        raise FormatError(
            source_id, location, f"not an xlsx workbook (a zip file); it starts with {head!r}"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            broken = archive.testzip()
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise FormatError(
            source_id, location, f"truncated or corrupt xlsx workbook ({len(content)} bytes: {exc})"
        ) from None
    if broken is not None:
        raise FormatError(source_id, location, f"corrupt xlsx workbook: member {broken} is damaged")
    if "xl/workbook.xml" not in names:
        raise FormatError(source_id, location, "zip file is not an xlsx workbook (no workbook)")


def require_json(content: bytes, source_id: str, location: str) -> Any:
    require_content(content, "JSON", source_id, location)
    try:
        return json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(source_id, location, f"invalid JSON ({exc})") from None
