-- The regulatory-opposition score of each event on the as-of date (the per-subject signals
-- sum these). Only events dated within var('opposition_window_days') (default 1095: the
-- opposition record is sparse and annual, so the pipeline's 365-day window would keep
-- almost nothing) before {{ as_of_date() }}, and not restating a structured event
-- (duplicate_of_event_key), are scored:
--   severity(event_type)       permit_denial 1.0, moratorium 0.9, lawsuit 0.8,
--                              restrictive_ordinance 0.7, state_law 0.6,
--                              contested_hearing 0.5, other 0.3
-- * reliability weight of the source (meta.source_catalog; 0.5 when undeclared)
-- * 0.5 ^ (age_days / var('recency_half_life_days'))   age = as-of date - event_date
-- * NCSL weight: the state's siting authority in the latest NCSL vintage on or before the
--   as-of date: Local -> local events 1.0, state-level events 0.5; State -> state-level
--   1.0, local 0.5; Hybrid 0.75 both; unknown (n/a, no state) 0.75.
with as_of as (
    select {{ as_of_date() }} as as_of
),

ncsl as (
    select state, lower(siting_authority) as siting_authority
    from {{ ref('stg_ncsl_siting_authority__states') }}
    where vintage <= {{ as_of_date() }}
    qualify vintage = max(vintage) over ()
),

events as (
    select
        events.*,
        as_of.as_of,
        as_of.as_of - events.event_date as age_days,
        case events.event_type
            when 'permit_denial' then 1.0
            when 'moratorium' then 0.9
            when 'lawsuit' then 0.8
            when 'restrictive_ordinance' then 0.7
            when 'state_law' then 0.6
            when 'contested_hearing' then 0.5
            else 0.3
        end as severity,
        coalesce(catalog.reliability_weight, 0.5) as reliability_weight,
        case
            when ncsl.siting_authority = 'local' then
                case events.level when 'local' then 1.0 else 0.5 end
            when ncsl.siting_authority = 'state' then
                case events.level when 'state' then 1.0 else 0.5 end
            else 0.75
        end as ncsl_weight,
        ncsl.siting_authority
    from {{ ref('fct_opposition_event') }} as events
    cross join as_of
    left join {{ source('platform', 'source_catalog') }} as catalog
        on catalog.source_id = events.source_id
    left join ncsl on ncsl.state = events.state
    where events.duplicate_of_event_key is null
        and events.event_date <= as_of.as_of
        and events.event_date > as_of.as_of - {{ var('opposition_window_days', 1095) }}
)

select
    *,
    round(
        severity * reliability_weight
        * pow(0.5, age_days / {{ var('recency_half_life_days') }})
        * ncsl_weight,
        6
    ) as points,
    {
        'source_id': source_id,
        'record_key': event_key,
        'vintage': vintage,
        'content_sha256': content_sha256,
        'url': url,
        'sheet': sheet,
        'source_row': source_row,
        'quote': quote,
        'event_type': event_type
    } as evidence_item
from events
