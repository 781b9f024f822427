-- MISO GI queue: one row per request per vintage, typed, with its canonical stage.
{#- The API and the CSV export write dates as ISO-8601 timestamps with an offset
    ('2018-03-12T04:00:00+00:00' is midnight Eastern): the calendar date is the first ten
    characters. -#}
{%- set published_date -%}
    try_strptime(left(trim(__value__), 10), '%Y-%m-%d')::date
{%- endset %}

with source as (
    select * from {{ source('miso_queue', 'miso_queue__projects') }}
),

flagged as (
    select
        *,
        -- A test record: a Request Status that is none of MISO's and a Project # that is
        -- not a queue number (AA1234 "fish mango watermelon"). Keep in step with
        -- maestro_assets.lib.sources.miso_queue.is_junk.
        coalesce(
            request_status not in (
                'Active', 'Withdrawn', 'Done', 'Pending Revision Approval', 'Pending Transfer'
            ),
            true
        )
        and not regexp_full_match(coalesce(project, ''), '[A-Z]\d+') as is_junk
    from source
),

typed as (
    select
        vintage,
        source_id,
        project as project_id,
        poi_name,
        -- 'Request Status|Study Phase|Post GIA Status', blanks empty ('Done|GIA|In Service');
        -- every test record shares one key. Keep in step with miso_queue.status_key.
        case
            when is_junk then '(test record)'
            else coalesce(request_status, '') || '|' || coalesce(study_phase, '') || '|'
                || coalesce(post_gia_status, '')
        end as status_raw,
        case
            when is_junk then 'test_record'
            when request_status = 'Withdrawn' then 'withdrawn'
            when request_status = 'Done' then 'studies_done'  -- GIA signed, NOT operating
            else 'active'
        end as record_kind,
        {{ published_date | replace('__value__', 'queue_date') }} as queue_date,
        coalesce(
            {{ published_date | replace('__value__', 'negotiated_in_service_date') }},
            {{ published_date | replace('__value__', 'appl_in_service_date') }}
        ) as proposed_cod,
        {{ published_date | replace('__value__', 'withdrawn_date') }} as withdrawal_date,
        case
            when regexp_full_match(upper(trim(state)), '[A-Z]{2}') then upper(trim(state))
            else MAP {
                'ARKANSAS': 'AR', 'ILLINOIS': 'IL', 'INDIANA': 'IN', 'IOWA': 'IA',
                'KENTUCKY': 'KY', 'LOUISIANA': 'LA', 'MICHIGAN': 'MI', 'MINNESOTA': 'MN',
                'MISSISSIPPI': 'MS', 'MISSOURI': 'MO', 'MONTANA': 'MT',
                'NORTH DAKOTA': 'ND', 'SOUTH DAKOTA': 'SD', 'TEXAS': 'TX', 'WISCONSIN': 'WI'
            }[upper(trim(state))]  -- MISO's footprint, spelled out in a few rows
        end as state,
        county,
        case
            when fuel is null then generating_facility
            when generating_facility is null or generating_facility = fuel then fuel
            else fuel || ' (' || generating_facility || ')'
        end as technology,
        -- Fuel first: the facility text can mislead ('Steam Turbine (including Nuclear,
        -- Geothermal and Solar Steam)'); a Hybrid's facility says what it combines.
        case
            when fuel = 'Hybrid'
                then coalesce({{ canonical_fuel('generating_facility') }}, 'hybrid')
            else {{ canonical_fuel('coalesce(fuel, generating_facility)') }}
        end as fuel,
        try_cast(summer_mw as double) as capacity_mw,
        is_junk,
        sheet,
        source_row,
        source_url,
        content_sha256,
        fetched_at
    from flagged
)

select
    typed.vintage || ':' || typed.project_id as project_vintage_key,
    typed.vintage,
    typed.source_id,
    'MISO' as iso,
    typed.project_id,
    cast(null as varchar) as project_name,  -- MISO publishes no project name
    cast(null as varchar) as developer_name,  -- nor a developer
    typed.poi_name,
    typed.status_raw,
    stage_map.stage,
    typed.record_kind,
    typed.queue_date,
    typed.proposed_cod,
    cast(null as date) as in_service_date,  -- not published (Post GIA Status says whether)
    typed.withdrawal_date,
    typed.state,
    typed.county,
    typed.technology,
    typed.fuel,
    typed.capacity_mw,
    typed.is_junk,
    typed.sheet,
    typed.source_row,
    typed.source_url,
    typed.content_sha256,
    typed.fetched_at
from typed
left join {{ ref('status_stage_map') }} as stage_map
    on stage_map.source_id = typed.source_id and stage_map.raw_status = typed.status_raw
