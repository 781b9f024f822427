-- One row per observed change of a project between two consecutive vintages of one source.
-- Kinds: new, backfill (first seen closed or operating, with a queue or in-service date over
-- a year before the vintage: the feed's scope grew, nothing happened), advance, complete, withdraw,
-- suspend, retire, regress (a backwards move: a data-quality event, never progress),
-- reactivate (terminal back to active), reclassify (to or from an unclassified stage),
-- disappeared (gone from the feed without the source saying why; not a withdrawal) and
-- reappeared.
with projects as (
    select * from {{ ref('int_project_vintages') }} where not is_junk
),

vintages as (
    select
        source_id,
        vintage,
        lag(vintage) over (partition by source_id order by vintage) as previous_vintage
    from (select distinct source_id, vintage from projects)
),

first_seen as (
    select project_key, min(vintage) as first_vintage from projects group by all
),

pairs as (
    select v.source_id, v.previous_vintage as from_vintage, v.vintage as to_vintage, p.project_key
    from vintages as v
    inner join projects as p on p.source_id = v.source_id and p.vintage = v.vintage
    where v.previous_vintage is not null
    union
    select v.source_id, v.previous_vintage, v.vintage, p.project_key
    from vintages as v
    inner join projects as p on p.source_id = v.source_id and p.vintage = v.previous_vintage
),

compared as (
    select
        pairs.*,
        before.stage as from_stage,
        after.stage as to_stage,
        before.stage_order as from_order,
        after.stage_order as to_order,
        before.project_key is not null as was_listed,
        after.project_key is not null as is_listed,
        coalesce(before.is_terminal_stage, false) as was_terminal,
        coalesce(after.is_terminal_stage, false) as is_terminal,
        first_seen.first_vintage,
        coalesce(after.queue_date, before.queue_date) as queue_date,
        -- how old the project already was when first listed
        coalesce(after.queue_date, after.in_service_date) as listed_since,
        after,
        before
    from pairs
    left join projects as before
        on before.project_key = pairs.project_key and before.vintage = pairs.from_vintage
    left join projects as after
        on after.project_key = pairs.project_key and after.vintage = pairs.to_vintage
    inner join first_seen on first_seen.project_key = pairs.project_key
),

classified as (
    select
        *,
        case
            when not was_listed and first_vintage = to_vintage
                and (is_terminal or to_stage = 'operating')
                and listed_since < to_vintage - interval 365 day then 'backfill'
            when not was_listed and first_vintage = to_vintage then 'new'
            when not was_listed then 'reappeared'
            when not is_listed and not was_terminal then 'disappeared'
            when not is_listed then null  -- a closed project rolling off the list
            when from_stage is not distinct from to_stage then null
            when to_stage in ('withdrawn', 'cancelled') then 'withdraw'
            when to_stage = 'operating' then 'complete'
            when to_stage = 'suspended' then 'suspend'
            when to_stage = 'retired' then 'retire'
            when was_terminal then 'reactivate'
            when to_order > from_order then 'advance'
            when to_order < from_order then 'regress'
            else 'reclassify'
        end as change_kind
    from compared
)

select
    project_key || ':' || to_vintage as change_key,
    project_key,
    source_id,
    coalesce(after.iso, before.iso) as iso,
    coalesce(after.project_id, before.project_id) as project_id,
    coalesce(after.project_name, before.project_name) as project_name,
    coalesce(after.developer_name, before.developer_name) as developer_name,
    coalesce(after.developer_key, before.developer_key) as developer_key,
    from_stage,
    to_stage,
    from_vintage,
    to_vintage,
    datediff('day', from_vintage, to_vintage) as gap_days,
    change_kind,
    change_kind in ('advance', 'complete') as is_progress,
    change_kind in ('regress', 'reactivate', 'reclassify') as is_data_quality_event,
    coalesce(after.capacity_mw, before.capacity_mw) as capacity_mw,
    coalesce(after.fuel, before.fuel) as fuel,
    coalesce(after.state, before.state) as state,
    coalesce(after.county_key, before.county_key) as county_key,
    queue_date,
    -- provenance: the record that shows the change (the last listing, for a disappearance)
    coalesce(after.content_sha256, before.content_sha256) as content_sha256,
    coalesce(after.source_url, before.source_url) as source_url,
    coalesce(after.sheet, before.sheet) as sheet,
    coalesce(after.source_row, before.source_row) as source_row,
    coalesce(after.vintage, before.vintage) as evidence_vintage,
    before.content_sha256 as from_content_sha256
from classified
where change_kind is not null
