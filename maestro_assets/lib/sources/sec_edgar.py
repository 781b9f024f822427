"""What the SEC EDGAR sources share: the SEC's fair-access rules, enforced, and EDGAR's ways
of writing a company's identifiers.

Fair access (https://www.sec.gov/os/accessing-edgar-data):
- at most 10 requests a second: every SEC source declares `SEC_MIN_REQUEST_INTERVAL` as its
  `min_request_interval_seconds`, which the client applies per host through the process-wide
  rate limiter; since the SEC counts requests across all its hosts, `sec_get` also spaces
  every live request to any SEC host on one shared slot (`SEC_RATE_LIMIT_KEY`) of that limiter;
- a User-Agent naming the organization and a contact email: live and record pulls refuse to
  start unless `SEC_USER_AGENT` holds one, and every request sends it as its User-Agent. It is
  read from the environment at the moment of use, like a secret, so the contact address never
  lands in a URL, a snapshot or metadata. Snapshot replay needs none of this.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date

from maestro_assets.lib.errors import FetchError
from maestro_assets.lib.http import (
    PROCESS_RATE_LIMITER,
    HostRateLimiter,
    SourceClient,
    SourceRequest,
    SourceResponse,
)
from maestro_assets.lib.settings import SourceMode

SEC_HOSTS = ("efts.sec.gov", "data.sec.gov", "www.sec.gov")
SEC_MIN_REQUEST_INTERVAL = 0.1  # seconds: the SEC's 10 requests a second
SEC_RATE_LIMIT_KEY = "sec.gov"  # the limiter slot every SEC host shares
SEC_USER_AGENT_ENV = "SEC_USER_AGENT"
SEC_IDENTITY_HEADERS = (("User-Agent", SEC_USER_AGENT_ENV),)  # (header, environment variable)
FAIR_ACCESS_URL = "https://www.sec.gov/os/accessing-edgar-data"
ARCHIVES_URL = "https://www.sec.gov/Archives/edgar/data"
SEC_LICENSE = "Public domain (U.S. government work); SEC fair-access rules apply"
CONTACT_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LIST_SEPARATOR = "; "  # how list-valued fields are joined into one text cell
CIK_DIGITS = 10


def require_declared_identity(client: SourceClient) -> None:
    """Refuse a live or record pull without a User-Agent that carries a contact email."""
    if client.mode is SourceMode.SNAPSHOT:
        return
    user_agent = (client.environment_value(SEC_USER_AGENT_ENV) or "").strip()
    if not user_agent:
        problem = "it is not set"
    elif not CONTACT_EMAIL.search(user_agent):
        problem = "its value has no contact email address"
    else:
        return
    raise FetchError(
        client.source_id,
        FAIR_ACCESS_URL,
        f"{client.mode.value} pulls from the SEC need a declared User-Agent: set "
        f'{SEC_USER_AGENT_ENV} to your organization and a contact email (e.g. "Acme Research '
        f'ops@acme.example"); {problem}',
    )


def sec_get(
    client: SourceClient, vintage: date, limiter: HostRateLimiter = PROCESS_RATE_LIMITER
) -> Callable[[SourceRequest], SourceResponse]:
    """`client.get_ok` for one vintage, after the identity check, with every live request
    spaced on the slot all SEC hosts share."""
    require_declared_identity(client)

    def get(request: SourceRequest) -> SourceResponse:
        if client.mode is not SourceMode.SNAPSHOT:
            limiter.wait(SEC_RATE_LIMIT_KEY, SEC_MIN_REQUEST_INTERVAL)
        return client.get_ok(request, vintage=vintage)

    return get


def padded_cik(value: object) -> str:
    """A CIK as EDGAR's 10-digit, zero-padded text (`1318605` -> `0001318605`)."""
    text = str(value).strip()
    if not text.isdigit() or len(text.lstrip("0")) > CIK_DIGITS:
        raise ValueError(f"not a CIK: {value!r}")
    return text.zfill(CIK_DIGITS)


def document_url(cik: str, accession: str, filename: str) -> str:
    """Where EDGAR serves one document of a filing."""
    return f"{ARCHIVES_URL}/{int(cik)}/{accession.replace('-', '')}/{filename}"


def text_cell(value: object) -> str | None:
    """A JSON value as a raw text cell (None for null and empty)."""
    return None if value in (None, "") else str(value)


def joined(values: Iterable[object] | None) -> str | None:
    """List-valued fields as one text cell; empty strings dropped, None when nothing is left."""
    kept = [str(v) for v in values or () if v not in (None, "")]
    return LIST_SEPARATOR.join(kept) if kept else None
