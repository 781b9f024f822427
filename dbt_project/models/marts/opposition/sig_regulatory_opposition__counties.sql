-- The regulatory-opposition signal per county (county_fips): the sum of the points of the
-- scored events located in the county (fct_opposition_event_points has the formula).
-- Confidence = 1 - 0.5 ^ independent sources.
select
    county_fips,
    any_value(county_name) || ', ' || any_value(state) as county_name,
    any_value(state) as state,
    round(sum(points), 4) as score,
    round(1 - pow(0.5, count(distinct source_id)), 3) as confidence,
    count(*) as events,
    count(distinct source_id) as n_sources,
    min(event_date) as first_seen,
    max(event_date) as last_seen,
    to_json(list(evidence_item order by event_date, event_key)) as evidence
from {{ ref('fct_opposition_event_points') }}
where county_fips is not null
group by county_fips
