-- One row per observed change of a project between two consecutive vintages of one source.
-- Kinds: new, backfill (first seen closed or operating, with a queue or in-service date over
-- a year before the vintage: the feed's scope grew, nothing happened), advance, complete, withdraw,
-- suspend, retire, regress (a backwards move: a data-quality event, never progress),
-- reactivate (terminal back to active), reclassify (to or from an unclassified stage),
-- disappeared (gone from the feed without the source saying why; not a withdrawal) and
-- reappeared.
-- Each listing is compared with the project's previous listing (window functions over the
-- project's vintages, which stream and spill at any scale), and the source's vintage calendar
-- says whether that previous listing was the source's previous vintage. A descriptive field the
-- new listing leaves empty is taken from the previous listing.
{%- set described = [
    'iso', 'project_id', 'project_name', 'developer_name', 'developer_key', 'capacity_mw', 'fuel',
    'state', 'county_key', 'queue_date',
] %}

with projects as (
    select
        project_key, source_id, vintage, iso, project_id, project_name, developer_name,
        developer_key, stage, stage_order, is_terminal_stage, queue_date, in_service_date,
        capacity_mw, fuel, state, county_key, content_sha256, source_url, sheet, source_row
    from {{ ref('int_project_vintages') }}
    where not is_junk
),

vintages as (
    select
        source_id,
        vintage,
        lag(vintage) over source_vintages as previous_vintage,
        lead(vintage) over source_vintages as next_vintage
    from (select distinct source_id, vintage from projects)
    window source_vintages as (partition by source_id order by vintage)
),

listings as (
    select
        projects.*,
        vintages.previous_vintage as source_previous_vintage,
        vintages.next_vintage as source_next_vintage,
        first_value(projects.vintage) over project_vintages as first_vintage,
        lag(projects.vintage) over project_vintages as listed_before,
        lead(projects.vintage) over project_vintages as listed_next,
        lag(projects.stage) over project_vintages as previous_stage,
        lag(projects.stage_order) over project_vintages as previous_stage_order,
        lag(projects.is_terminal_stage) over project_vintages as previous_is_terminal,
        {%- for column in described %}
        lag(projects.{{ column }}) over project_vintages as previous_{{ column }},
        {%- endfor %}
        lag(projects.content_sha256) over project_vintages as previous_content_sha256
    from projects
    inner join vintages using (source_id, vintage)
    window project_vintages as (partition by project_key order by vintage)
),

compared as (
    -- listed at to_vintage: compared with its listing at from_vintage, if it had one
    select
        source_id,
        source_previous_vintage as from_vintage,
        vintage as to_vintage,
        project_key,
        if(was_listed, previous_stage, null) as from_stage,
        stage as to_stage,
        if(was_listed, previous_stage_order, null) as from_order,
        stage_order as to_order,
        was_listed,
        true as is_listed,
        was_listed and coalesce(previous_is_terminal, false) as was_terminal,
        coalesce(is_terminal_stage, false) as is_terminal,
        first_vintage,
        -- how old the project already was when first listed
        coalesce(listed.queue_date, listed.in_service_date) as listed_since,
        {%- for column in described %}
        coalesce(listed.{{ column }}, if(was_listed, previous_{{ column }}, null)) as {{ column }},
        {%- endfor %}
        content_sha256, source_url, sheet, source_row,
        vintage as evidence_vintage,
        if(was_listed, previous_content_sha256, null) as from_content_sha256
    from (
        select *, listed_before is not distinct from source_previous_vintage as was_listed
        from listings
    ) as listed
    where source_previous_vintage is not null

    union all by name

    -- listed at from_vintage, gone from the source's next vintage
    select
        source_id,
        vintage as from_vintage,
        source_next_vintage as to_vintage,
        project_key,
        stage as from_stage,
        null as to_stage,
        stage_order as from_order,
        null as to_order,
        true as was_listed,
        false as is_listed,
        coalesce(is_terminal_stage, false) as was_terminal,
        false as is_terminal,
        first_vintage,
        null as listed_since,
        {%- for column in described %}
        {{ column }},
        {%- endfor %}
        content_sha256, source_url, sheet, source_row,
        vintage as evidence_vintage,
        content_sha256 as from_content_sha256
    from listings
    where source_next_vintage is not null and listed_next is distinct from source_next_vintage
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
    iso,
    project_id,
    project_name,
    developer_name,
    developer_key,
    from_stage,
    to_stage,
    from_vintage,
    to_vintage,
    datediff('day', from_vintage, to_vintage) as gap_days,
    change_kind,
    change_kind in ('advance', 'complete') as is_progress,
    change_kind in ('regress', 'reactivate', 'reclassify') as is_data_quality_event,
    capacity_mw,
    fuel,
    state,
    county_key,
    queue_date,
    -- provenance: the record that shows the change (the last listing, for a disappearance)
    content_sha256,
    source_url,
    sheet,
    source_row,
    evidence_vintage,
    from_content_sha256
from classified
where change_kind is not null
