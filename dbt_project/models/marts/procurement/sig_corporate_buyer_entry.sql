-- The corporate-buyer-entry signal: organizations whose first clean-energy procurement
-- evidence, across every procurement source and every vintage, falls within
-- var('buyer_entry_window_days') (default 365) before the as-of date, with no source holding
-- earlier evidence. Evidence after the as-of date is ignored; so are utilities (SIC 49xx),
-- and a first event that is left-censored (dated by its source's first vintage) proves
-- nothing and does not count as an entry.
-- Score (documented in the README):
--   sum over the organization's sources of the strongest evidence it holds:
--     kind weight (announcement 1.0, 8-K filing 0.8, other filing 0.6, Green Power listing
--     0.7, RE100 membership 0.5) * the source's reliability weight
--   * (1 + ln(1 + MW announced) / 10)     -- a bigger first purchase counts a little more
-- Confidence = 1 - 0.5 ^ independent sources agreeing.
with evidence as (
    select
        events.*,
        case events.evidence_kind
            when 'announcement' then 1.0
            when 'sec_filing' then case when events.form like '8-K%' then 0.8 else 0.6 end
            when 'gpp_listing' then 0.7
            when 're100_membership' then 0.5
        end * coalesce(catalog.reliability_weight, 0.5) as strength
    from {{ ref('fct_procurement_event') }} as events
    left join {{ source('platform', 'source_catalog') }} as catalog
        on catalog.source_id = events.source_id
    where events.org_id is not null
        and not events.is_energy_company
        and events.event_date <= {{ as_of_date() }}
        and events.vintage <= {{ as_of_date() }}
),

firsts as (
    select
        org_id,
        min(event_date) as first_evidence_date,
        bool_or(is_left_censored) filter (where event_date = first_date) as first_is_censored
    from (select *, min(event_date) over (partition by org_id) as first_date from evidence)
    group by org_id
),

entrants as (
    select org_id, first_evidence_date
    from firsts
    where first_evidence_date > {{ as_of_date() }} - {{ var('buyer_entry_window_days') }}
        and not first_is_censored
),

per_source as (
    select evidence.org_id, evidence.source_id, max(evidence.strength) as strength
    from evidence
    inner join entrants using (org_id)
    group by all
)

select
    entrants.org_id,
    any_value(organizations.canonical_name) as organization_name,
    any_value(evidence.buyer_name order by evidence.event_date) as buyer_name,
    round(
        (select sum(per_source.strength) from per_source where per_source.org_id = entrants.org_id)
        * (1 + ln(1 + coalesce(sum(evidence.capacity_mw), 0)) / 10),
        4
    ) as score,
    round(1 - pow(0.5, count(distinct evidence.source_id)), 3) as confidence,
    count(distinct evidence.source_id) as n_sources,
    count(*) as evidence_events,
    round(sum(evidence.capacity_mw), 1) as capacity_mw,
    string_agg(distinct evidence.contract_type, ', ' order by evidence.contract_type)
        as contract_types,
    entrants.first_evidence_date,
    min(evidence.event_date) as first_seen,
    max(evidence.event_date) as last_seen,
    to_json(list({
        'source_id': evidence.source_id,
        'record_key': evidence.record_key,
        'vintage': evidence.vintage,
        'content_sha256': evidence.content_sha256,
        'url': evidence.url,
        'sheet': evidence.sheet,
        'source_row': evidence.source_row,
        'quote': evidence.quote,
        'evidence_kind': evidence.evidence_kind,
        'event_date': evidence.event_date
    } order by evidence.event_date, evidence.event_key)) as evidence
from entrants
inner join evidence using (org_id)
left join {{ source('identity', 'dim_organization') }} as organizations
    on organizations.org_id = entrants.org_id
group by entrants.org_id, entrants.first_evidence_date
