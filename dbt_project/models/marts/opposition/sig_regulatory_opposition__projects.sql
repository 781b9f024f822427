-- The regulatory-opposition signal per project (marts.dim_project): the sum of the points of
-- the scored events linked to it by bridge_opposition_event_project (same county and
-- technology, or a named project). Confidence = 1 - 0.5 ^ independent sources.
with linked as (
    select points.*, bridge.project_key, bridge.link_basis
    from {{ ref('fct_opposition_event_points') }} as points
    inner join {{ ref('bridge_opposition_event_project') }} as bridge
        on bridge.event_key = points.event_key
)

select
    linked.project_key,
    any_value(dim.project_name) as project_name,
    any_value(dim.source_id) as project_source_id,
    any_value(dim.attributed_developer_key) as developer_key,
    any_value(dim.attributed_org_id) as org_id,
    any_value(dim.attributed_developer_name) as developer_name,
    any_value(linked.county_fips) as county_fips,
    round(sum(linked.points), 4) as score,
    round(1 - pow(0.5, count(distinct linked.source_id)), 3) as confidence,
    count(*) as events,
    count(*) filter (where linked.link_basis = 'named_project') as named_events,
    count(distinct linked.source_id) as n_sources,
    min(linked.event_date) as first_seen,
    max(linked.event_date) as last_seen,
    to_json(list(linked.evidence_item order by linked.event_date, linked.event_key)) as evidence
from linked
left join {{ ref('dim_project') }} as dim on dim.project_key = linked.project_key
group by linked.project_key
