"""Synthetic RE100 member pages: three quarterly copies of the members page (an HTML table, a
row per member, alphabetical), as the initiative's site lays it out.

The members are
- the corporate buyers of the shared roster that are members (`re100_name`), under their
  RE100 names ("Meta", "Google", "Harbor Point"), so that they can be linked to their SEC
  filings, EPA listings and press releases; a member that joined in the year of the copies
  appears from the first copy after it joined (a month after its first purchase);
- a member that also appears in the EPA lists but never at the SEC (`ORGANIZATIONS`);
- companies headquartered outside the United States, which only RE100 lists (the list is
  global): one joins between the first two copies, one leaves before the last.

The page also carries a table of members by region, which is not the member table. Everything
is a pure function of (scale, seed); at scale N every member has N - 1 replicas (the roster's
replica names).
"""

from __future__ import annotations

import html
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from pathlib import Path

from maestro_assets.lib.sources.re100_members import PAGE_REQUEST
from maestro_assets.lib.synthetic.corporate_buyers import buyers_at_scale, replica_prefix
from maestro_assets.lib.synthetic.eia860m import HTML
from maestro_assets.lib.synthetic.epa_gpp_partners import ORGANIZATIONS
from maestro_assets.lib.synthetic.queue_fleet import Recorded, published_at, write_snapshot

DEFAULT_SEED = 1000
VINTAGES = (date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1))
PUBLISHED_AT = time(9)  # UTC
JOIN_AFTER_PURCHASE = timedelta(days=30)  # a roster buyer joins this long after its first deal
UNITED_STATES, NORTH_AMERICA = "United States", "North America"
HEADER = ("Company", "Headquarters", "Region", "Sector", "Year joined", "RE100 target")
TARGETS = ("100% by 2025", "100% by 2030", "100% by 2030", "100% by 2035", "100% by 2040")
ACHIEVED = "Achieved"
# The roster's sectors as RE100 names them.
SECTORS = {
    "Technology": "Information technology",
    "Retail": "Retail",
    "Automotive": "Manufacturing",
    "Health Care": "Healthcare",
    "Real Estate": "Real estate",
    "Consumer Goods": "Consumer goods",
    "Materials": "Materials",
    "Telecommunications": "Telecommunications",
    "Transportation": "Transport",
    "Hospitality": "Hospitality",
    "Industrials": "Manufacturing",
    "Education": "Education",
    "Apparel": "Consumer goods",
}
SYNTHETIC_NOTE = (
    "synthetic page written for the maestro_assets test snapshot: its member list is invented "
    "in part, not published by RE100"
)


@dataclass(frozen=True)
class Member:
    key: str  # the roster's buyer_id, or the member's own slug
    company: str
    headquarters: str
    region: str
    sector: str
    joined: date
    target: str
    left: date | None = None  # the day its membership ended

    def listed_on(self, vintage: date) -> bool:
        return self.joined <= vintage and (self.left is None or vintage < self.left)

    @property
    def slug(self) -> str:
        words = "".join(ch.lower() if ch.isalnum() else " " for ch in self.company).split()
        return "-".join(words)


# Members headquartered outside the United States (never at the SEC, nor at EPA).
GLOBAL_MEMBERS = (
    Member(
        "nordvik-telecom", "Nordvik Telecom ASA", "Norway", "Europe", "Telecommunications",
        date(2017, 3, 14), ACHIEVED,
    ),
    Member(
        "brightmoor-bank", "Brightmoor Bank plc", "United Kingdom", "Europe", "Financials",
        date(2016, 9, 20), ACHIEVED,
    ),
    Member(
        "aurore-cosmetiques", "Aurore Cosmétiques", "France", "Europe", "Consumer goods",
        date(2018, 6, 5), "100% by 2030",
    ),
    Member(
        "kestrel-logistik", "Kestrel Logistik AG", "Germany", "Europe", "Transport",
        date(2019, 11, 12), "100% by 2030", left=date(2026, 8, 31),
    ),
    Member(
        "tasman-dairy", "Tasman Dairy Co-operative", "New Zealand", "Asia-Pacific",
        "Food, beverage & agriculture", date(2021, 2, 23), "100% by 2035",
    ),
    Member(
        "grupo-solana", "Grupo Solana S.A.B. de C.V.", "Mexico", "Latin America", "Materials",
        date(2020, 10, 1), "100% by 2040",
    ),
    Member(
        "hanazono-electronics", "Hanazono Electronics Co., Ltd.", "Japan", "Asia-Pacific",
        "Information technology", date(2026, 5, 19), "100% by 2040",
    ),
)  # fmt: skip


def join_date(rng: random.Random, join_year: int, first_purchase: date) -> date:
    """The day a member joined: a month after its first purchase when that falls in its join
    year, else a day of the join year."""
    after_purchase = first_purchase + JOIN_AFTER_PURCHASE
    if after_purchase.year == join_year:
        return after_purchase
    return date(join_year, 1, 1) + timedelta(days=rng.randrange(365))


def target_for(rng: random.Random, joined: date) -> str:
    if joined.year <= 2016 and rng.random() < 0.6:
        return ACHIEVED
    return rng.choice(TARGETS)


def replica(member: Member, copy: int) -> Member:
    """Copy `copy` of a member that is not on the roster (named like the roster's replicas)."""
    if copy == 0:
        return member
    return replace(
        member, key=f"{member.key}-{copy}", company=f"{replica_prefix(copy)} {member.company}"
    )


def roster_members(rng: random.Random, scale: int) -> list[Member]:
    members = []
    for buyer in buyers_at_scale(scale):
        if buyer.re100_name is None or buyer.re100_join_year is None:
            continue
        joined = join_date(rng, buyer.re100_join_year, buyer.first_procurement)
        sector = SECTORS.get(buyer.sector, buyer.sector)
        members.append(
            Member(
                buyer.buyer_id, buyer.re100_name, UNITED_STATES, NORTH_AMERICA, sector, joined,
                target_for(rng, joined),
            )
        )  # fmt: skip
    return members


def organization_members(rng: random.Random) -> list[Member]:
    members = []
    for org in ORGANIZATIONS:
        if org.re100_name is None or org.re100_join_year is None:
            continue
        joined = join_date(rng, org.re100_join_year, org.first_procurement)
        sector = SECTORS.get(org.sector, org.sector)
        members.append(
            Member(
                org.key, org.re100_name, UNITED_STATES, NORTH_AMERICA, sector, joined,
                target_for(rng, joined),
            )
        )  # fmt: skip
    return members


def simulate_members(scale: int = 1, seed: int = DEFAULT_SEED) -> list[Member]:
    """Every member that was ever listed: the roster's, then the others (replicas after)."""
    rng = random.Random(seed)
    others = [*organization_members(rng), *GLOBAL_MEMBERS]
    return roster_members(rng, scale) + [replica(m, c) for c in range(scale) for m in others]


# --- the page ---------------------------------------------------------------------------------


def member_row(member: Member) -> str:
    cells = (
        f'<a href="/members/{member.slug}">{html.escape(member.company)}</a>',
        html.escape(member.headquarters),
        html.escape(member.region),
        html.escape(member.sector),
        str(member.joined.year),
        html.escape(member.target),
    )
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def region_counts(members: Sequence[Member]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for member in members:
        counts[member.region] = counts.get(member.region, 0) + 1
    return sorted(counts.items())


def members_page(members: Sequence[Member], vintage: date) -> bytes:
    """The members page as it stood on `vintage`: members alphabetically, then by region."""
    listed = sorted((m for m in members if m.listed_on(vintage)), key=lambda m: m.company.lower())
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in HEADER)
    rows = "\n".join(member_row(m) for m in listed)
    regions = "\n".join(
        f"<tr><td>{html.escape(region)}</td><td>{count}</td></tr>"
        for region, count in region_counts(listed)
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<!-- {SYNTHETIC_NOTE} -->
<title>RE100 members | RE100</title>
<script src="/themes/custom/re100/js/filters.js"></script>
</head>
<body>
<header class="site-header"><nav><ul><li><a href="/">RE100</a></li>
<li><a href="/re100-members">Members</a></li><li><a href="/join-re100">Join</a></li></ul></nav>
</header>
<main>
<h1>RE100 members</h1>
<p>RE100 brings together the world's most influential businesses committed to 100% renewable
electricity. {len(listed)} companies have joined.</p>
<form class="member-filters"><label>Search members <input name="search"></label>
<select name="region"><option>All regions</option></select></form>
<h2>Our members</h2>
<table class="views-table members">
<thead><tr>{head}</tr></thead>
<tbody>
{rows}
</tbody>
</table>
<h2>Members by region</h2>
<table class="region-summary">
<thead><tr><th>Region</th><th>Members</th></tr></thead>
<tbody>
{regions}
</tbody>
</table>
</main>
<footer><p>RE100 is led by Climate Group in partnership with CDP.</p></footer>
</body>
</html>
""".encode()


def write_re100_members_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Write one copy of the members page per vintage and `responses.json`; return vintages."""
    members = simulate_members(scale, seed)
    return write_snapshot(
        source_dir,
        ("pages",),
        (
            Recorded(
                vintage,
                PAGE_REQUEST.public_url,
                f"pages/{vintage.isoformat()}.html",
                members_page(members, vintage),
                HTML,
                published_at(vintage, PUBLISHED_AT),
            )
            for vintage in VINTAGES
        ),
    )
