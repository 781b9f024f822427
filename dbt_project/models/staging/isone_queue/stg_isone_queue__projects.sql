-- ISO-NE queue report: one row per generation request (Type G) per vintage, typed, with its
-- status key and stage. ETU and TS requests stay in the raw table only.
{#- Dates (published_date): calamine renders date cells as '2025-01-14 00:00:00' (with
    milliseconds for timestamps); an unformatted cell is a bare Excel serial number. #}

with source as (
    select * from {{ source('isone_queue', 'isone_queue__projects') }}
),

generation as (
    select
        *,
        -- a Position can hold several rows (old multi-unit requests): number them in sheet order
        case
            when count(*) over (partition by vintage, position) > 1
                then position || '-'
                    || row_number() over (partition by vintage, position order by source_row)
            else position
        end as request_id
    from source
    where type = 'G'
),

typed as (
    select
        vintage || ':' || request_id as project_vintage_key,
        vintage,
        source_id,
        'ISO-NE' as iso,
        request_id as project_id,
        alternative_name as project_name,
        cast(null as varchar) as developer_name,  -- ISO-NE publishes no developer
        interconnection_location as poi_name,
        -- status key: begin (keep in step with maestro_assets.lib.sources.isone_queue.status_key)
        case
            when w_d_date is not null then 'Withdrawn'
            when project_status is null then '(no status)'
            when project_status = 'Under Study' and ia = 'Executed'
                then 'Under Study|IA Executed'
            when project_status = 'Under Study' and sis = 'Document Posted'
                then 'Under Study|SIS Posted'
            else project_status
        end
        -- status key: end
        as status_raw,
        -- one list holds every request: the kind is read from W/ D Date and Project Status
        case
            when w_d_date is not null then 'withdrawn'
            when project_status = 'In Service' then 'in_service'
            else 'active'
        end as record_kind,
        {{ published_date('requested') }} as queue_date,
        {{ published_date('op_date') }} as proposed_cod,
        case
            when w_d_date is null and project_status = 'In Service'
                then {{ published_date('op_date') }}
        end as in_service_date,
        {{ published_date('w_d_date') }} as withdrawal_date,
        case when regexp_full_match(upper(trim(state)), '[A-Z]{2}') then upper(trim(state)) end
            as state,
        nullif(county, 'N/A') as county,
        nullif(fuel_type, 'N/A') as technology,
        -- EIA energy-source codes as words canonical_fuel knows (BAT, DFO, WDS, BIT ...)
        regexp_replace(regexp_replace(regexp_replace(regexp_replace(
            nullif(upper(concat_ws(' ', nullif(fuel_type, 'N/A'), nullif(unit, 'NA'))), ''),
            '\b(BAT)\b', 'battery', 'g'),
            '\b(DFO|KER|JF|RFO|WO)\b', 'oil', 'g'),
            '\b(WDS|BLQ|LFG|OBG|AB)\b', 'biomass', 'g'),
            '\b(BIT|SUB|LIG)\b', 'coal', 'g') as fuel_words,
        -- Net MW is the increment requested; capability-only requests (Net MW 0) give their
        -- size in Summer MW
        coalesce(
            nullif(try_cast(net_mw as double), 0),
            try_cast(summer_mw as double),
            try_cast(winter_mw as double)
        ) as capacity_mw,
        false as is_junk,
        sheet,
        source_row,
        source_url,
        content_sha256,
        fetched_at
    from generation
)

{{ staged_projects('typed', fuel_from='fuel_words') }}
