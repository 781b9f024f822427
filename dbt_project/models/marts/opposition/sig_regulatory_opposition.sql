-- The regulatory-opposition signal per organization: the sum of the points of the distinct
-- scored events that reach it, either naming it (fct_opposition_event.org_id, link 'named')
-- or through a linked project's attributed developer (bridge_opposition_event_project,
-- link 'project'); organizations are their one identity across sources (org_id). An event reaching an organization both
-- ways counts once. Confidence = 1 - 0.5 ^ independent sources.
-- Formula per event: fct_opposition_event_points (severity x reliability x recency x NCSL).
with reaches as (
    select event_key, org_id, developer_name, 'named' as link
    from {{ ref('fct_opposition_event_points') }}
    where org_id is not null

    union all

    select event_key, attributed_org_id, attributed_developer_name, 'project'
    from {{ ref('bridge_opposition_event_project') }}
    where attributed_org_id is not null
),

organization_events as (
    select
        reaches.org_id,
        any_value(reaches.developer_name) as developer_name,
        reaches.event_key,
        bool_or(reaches.link = 'named') as named
    from reaches
    group by reaches.org_id, reaches.event_key
),

scored as (
    select organization_events.*, points.* exclude (event_key, developer_key, org_id, developer_name)
    from organization_events
    inner join {{ ref('fct_opposition_event_points') }} as points
        on points.event_key = organization_events.event_key
)

select
    scored.org_id,
    any_value(organizations.canonical_name) as organization_name,
    any_value(developer_name order by named desc, developer_name) as developer_name,
    round(sum(points), 4) as score,
    round(1 - pow(0.5, count(distinct source_id)), 3) as confidence,
    count(*) as events,
    count(*) filter (where named) as named_events,
    count(distinct source_id) as n_sources,
    min(event_date) as first_seen,
    max(event_date) as last_seen,
    to_json(list(evidence_item order by event_date, event_key)) as evidence
from scored
left join {{ source('identity', 'dim_organization') }} as organizations
    on organizations.org_id = scored.org_id
group by scored.org_id
