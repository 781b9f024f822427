-- NYISO interconnection queue: one row per project per sheet per vintage, typed, with stage.
{#- A published date, whatever NYISO wrote: a date cell ('2025-01-15 00:00:00' as calamine
    renders it), a bare Excel serial number, m/d/yyyy or m/d/yy text, or a proposed date of
    month, quarter, season or year precision ('03-2026', '12/2024', '2026/01', 'Q4 2026',
    'Summer 2027', '2027'), read as the first day of that period (a season as its calendar
    quarter: Winter Q1, Spring Q2, Summer Q3, Fall Q4). Anything else ('I/S', 'N/A',
    'Existing', 'TBD') is unknown: null. -#}
{%- set published_date -%}
    case
        when regexp_matches(trim(__value__), '^\d{4}-\d{1,2}-\d{1,2}')
            then try_strptime(
                regexp_extract(trim(__value__), '^(\d{4}-\d{1,2}-\d{1,2})', 1), '%Y-%m-%d'
            )::date
        when regexp_full_match(trim(__value__), '\d{5}(\.\d+)?')
            then date '1899-12-30' + cast(floor(cast(trim(__value__) as double)) as integer)
        when regexp_full_match(trim(__value__), '\d{1,2}/\d{1,2}/\d{4}')
            then try_strptime(trim(__value__), '%m/%d/%Y')::date
        when regexp_full_match(trim(__value__), '\d{1,2}/\d{1,2}/\d{2}')
            then try_strptime(trim(__value__), '%m/%d/%y')::date
        when regexp_full_match(trim(__value__), '\d{1,2}[-/]\d{4}')
            then try_strptime(
                regexp_extract(trim(__value__), '(\d{4})$', 1) || '-'
                || regexp_extract(trim(__value__), '^(\d{1,2})', 1) || '-01',
                '%Y-%m-%d'
            )::date
        when regexp_full_match(trim(__value__), '\d{4}[-/]\d{1,2}')
            then try_strptime(replace(trim(__value__), '/', '-') || '-01', '%Y-%m-%d')::date
        when regexp_matches(upper(__value__), '(^|[^A-Z])Q[1-4]([^0-9]|$)')
            and regexp_matches(__value__, '\d{4}')
            then make_date(
                cast(regexp_extract(__value__, '(\d{4})', 1) as integer),
                3 * cast(regexp_extract(upper(__value__), 'Q([1-4])', 1) as integer) - 2,
                1
            )
        when regexp_matches(lower(__value__), 'winter|spring|summer|fall|autumn')
            and regexp_matches(__value__, '\d{4}')
            then make_date(
                cast(regexp_extract(__value__, '(\d{4})', 1) as integer),
                case
                    when regexp_matches(lower(__value__), 'winter') then 1
                    when regexp_matches(lower(__value__), 'spring') then 4
                    when regexp_matches(lower(__value__), 'summer') then 7
                    else 10
                end,
                1
            )
        when regexp_full_match(trim(__value__), '\d{4}')
            then make_date(cast(trim(__value__) as integer), 1, 1)
    end
{%- endset %}

with source as (
    select * from {{ source('nyiso_queue', 'nyiso_queue__projects') }}
),

typed as (
    select
        vintage,
        source_id,
        queue_pos as project_id,
        project_name,
        -- each sheet heads the developer column differently
        coalesce(developer_interconnection_customer, interconnection_customer_name, owner_developer)
            as developer_name,
        coalesce(points_of_interconnection, interconnection_point) as poi_name,
        -- the S code without spaces, upper case ('10', '3A', '1C'); keep in step with
        -- maestro_assets.lib.sources.nyiso_queue.status_key
        nullif(upper(regexp_replace(s, '\s+', '', 'g')), '') as status_raw,
        case
            when lower(sheet) like '%withdrawn%' then 'withdrawn'
            when lower(sheet) like '%in service%' then 'in_service'
            else 'active'
        end as record_kind,
        {{ published_date | replace('__value__', 'date_of_ir') }} as queue_date,
        {{ published_date | replace('__value__', 'proposed_cod') }} as proposed_cod_published,
        {{ published_date | replace(
            '__value__',
            'coalesce(proposed_in_service_initial_backfeed_date, proposed_in_service)'
        ) }} as proposed_in_service,
        {{ published_date | replace('__value__', 'coalesce(last_updated_date, last_update)') }}
            as last_update,
        case
            when regexp_full_match(upper(trim(state)), '[A-Z]{2}([-/, ].*)?')
                then left(upper(trim(state)), 2)  -- 'NY-NJ' is filed under its first state
        end as state,
        county,
        type_fuel as technology,
        -- the Type/Fuel key of the workbook's notes, spelled out for canonical_fuel
        case upper(trim(type_fuel))
            when 'ST' then 'Steam Turbine'
            when 'CT' then 'Combustion Turbine'
            when 'CC' then 'Combined Cycle'
            when 'CS' then 'Steam Turbine & Combustion Turbine'
            when 'H' then 'Hydro'
            when 'PS' then 'Pumped hydro'
            when 'W' then 'Wind'
            when 'OSW' then 'Offshore Wind'
            when 'NU' then 'Nuclear'
            when 'NG' then 'Natural Gas'
            when 'M' then 'Methane (landfill gas)'
            when 'SW' then 'Solid Waste (MSW)'
            when 'S' then 'Solar'
            when 'WO' then 'Wood'
            when 'F' then 'Flywheel energy storage'
            when 'ES' then 'Energy Storage'
            when 'O' then 'Oil'
            when 'C' then 'Coal'
            when 'D' then 'Dual Fuel (gas and oil)'
            when 'AC' then 'AC transmission'
            when 'DC' then 'DC transmission'
            when 'L' then 'Load'
            when 'FC' then 'Fuel Cell'
            when 'CW' then 'Wind + energy storage'
            when 'CR' then 'Solar + energy storage'
            else type_fuel
        end as technology_described,
        coalesce(
            try_cast(replace(sp_mw, ',', '') as double),
            try_cast(replace(wp_mw, ',', '') as double)
        ) as capacity_mw,
        sheet,
        source_row,
        source_url,
        content_sha256,
        fetched_at
    from source
)

select
    typed.vintage || ':' || trim(typed.sheet) || ':' || typed.project_id as project_vintage_key,
    typed.vintage,
    typed.source_id,
    'NYISO' as iso,
    typed.project_id,
    typed.project_name,
    typed.developer_name,
    typed.poi_name,
    typed.status_raw,
    stage_map.stage,
    typed.record_kind,
    typed.queue_date,
    coalesce(typed.proposed_cod_published, typed.proposed_in_service) as proposed_cod,
    case when typed.record_kind = 'in_service' then typed.proposed_in_service end
        as in_service_date,
    case when typed.record_kind = 'withdrawn' then typed.last_update end as withdrawal_date,
    typed.state,
    typed.county,
    typed.technology,
    {{ canonical_fuel('typed.technology_described') }} as fuel,
    typed.capacity_mw,
    false as is_junk,
    typed.sheet,
    typed.source_row,
    typed.source_url,
    typed.content_sha256,
    typed.fetched_at
from typed
left join {{ ref('status_stage_map') }} as stage_map
    on stage_map.source_id = typed.source_id and stage_map.raw_status = typed.status_raw
