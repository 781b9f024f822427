-- The pipeline-movement signal per organization: the sum of its projects' scores (see
-- sig_pipeline_movement__projects), attributed through the developer name the source gives
-- or, failing that, the operator of the linked EIA-860M plant, and named by its one identity
-- across sources (org_id, marts.dim_organization).
-- Confidence = (1 - 0.5 ^ independent sources) * (1 - share of data-quality events / 2).
with projects as (
    select * from {{ ref('sig_pipeline_movement__projects') }} where org_id is not null
),

evidence as (
    select projects.org_id, unnest(from_json(projects.evidence, '["json"]')) as item
    from projects
)

select
    projects.org_id,
    any_value(organizations.canonical_name) as organization_name,
    any_value(projects.developer_name order by projects.score desc) as developer_name,
    round(sum(projects.score), 4) as score,
    round(
        (1 - pow(0.5, count(distinct projects.source_id)))
        * (1 - 0.5 * sum(projects.data_quality_events)
            / (sum(projects.data_quality_events) + sum(projects.progress_changes))),
        3
    ) as confidence,
    count(*) as projects_moving,
    sum(projects.progress_changes) as progress_changes,
    sum(projects.data_quality_events) as data_quality_events,
    round(sum(projects.capacity_mw), 1) as capacity_mw,
    count(distinct projects.source_id) as n_sources,
    min(projects.first_seen) as first_seen,
    max(projects.last_seen) as last_seen,
    (
        select to_json(list(evidence.item))
        from evidence
        where evidence.org_id = projects.org_id
    ) as evidence
from projects
left join {{ source('identity', 'dim_organization') }} as organizations
    on organizations.org_id = projects.org_id
group by projects.org_id
