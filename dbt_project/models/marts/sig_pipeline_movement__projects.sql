-- The pipeline-movement signal per project. Score (documented in the README):
--   sum over the project's progress changes (advance, complete) in the last
--   var('signal_window_days') days before the as-of date of
--     stage_order(to_stage) / 6                       -- how far it got (operating = 1)
--   * ln(1 + MW)                                       -- how big it is
--   * reliability weight of the source (A 1.0 … E 0.3)  -- how far to trust the source
--   * 0.5 ^ (age_days / var('recency_half_life_days')) -- how recent it is.
-- Regressions are data-quality events: counted, never scored.
with changes as (
    select
        change.*,
        {{ as_of_date() }} as as_of,
        ladder.stage_order as to_order,
        catalog.reliability_weight
    from {{ ref('fct_project_stage_change') }} as change
    left join {{ ref('stage_ladder') }} as ladder on ladder.stage = change.to_stage
    left join {{ source('platform', 'source_catalog') }} as catalog
        on catalog.source_id = change.source_id
    where change.to_vintage <= {{ as_of_date() }}
        and change.to_vintage > {{ as_of_date() }} - {{ var('signal_window_days') }}
        and (change.is_progress or change.is_data_quality_event)
),

points as (
    select
        *,
        case
            when is_progress then
                coalesce(to_order, 0) / 6.0
                * ln(1 + coalesce(capacity_mw, 0))
                * coalesce(reliability_weight, 0.5)
                * pow(0.5, (as_of - to_vintage) / {{ var('recency_half_life_days') }})
            else 0
        end as points
    from changes
)

select
    points.project_key,
    any_value(dim.project_name) as project_name,
    any_value(dim.attributed_developer_name) as developer_name,
    any_value(dim.attributed_developer_key) as developer_key,
    any_value(dim.attributed_org_id) as org_id,
    any_value(points.source_id) as source_id,
    any_value(points.iso) as iso,
    any_value(dim.latest_stage) as latest_stage,
    any_value(dim.capacity_mw) as capacity_mw,
    any_value(dim.state) as state,
    any_value(dim.county_key) as county_key,
    round(sum(points), 4) as score,
    count(*) filter (where is_progress) as progress_changes,
    count(*) filter (where is_data_quality_event) as data_quality_events,
    min(to_vintage) as first_seen,
    max(to_vintage) as last_seen,
    to_json(list({
        'source_id': points.source_id,
        'record_key': points.project_id,
        'vintage': points.evidence_vintage,
        'content_sha256': points.content_sha256,
        'url': points.source_url,
        'sheet': points.sheet,
        'source_row': points.source_row,
        'change': points.change_kind,
        'from_stage': points.from_stage,
        'to_stage': points.to_stage
    } order by points.to_vintage)) as evidence
from points
left join {{ ref('dim_project') }} as dim on dim.project_key = points.project_key
group by points.project_key
having count(*) filter (where is_progress) > 0
