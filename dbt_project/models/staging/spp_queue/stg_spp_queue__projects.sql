-- SPP active requests: one row per request per vintage, typed, with its stage.
{#- Dates (published_date): the CSV export writes m/d/yyyy; an xlsx copy holds date cells,
    which calamine renders '2025-01-22 00:00:00'; a bare number is an Excel serial. #}

with source as (
    select * from {{ source('spp_queue', 'spp_queue__projects') }}
),

typed as (
    select
        vintage || ':' || generation_interconnection_number as project_vintage_key,
        vintage,
        source_id,
        'SPP' as iso,
        generation_interconnection_number as project_id,
        cast(null as varchar) as project_name,  -- SPP publishes no project name
        cast(null as varchar) as developer_name,  -- nor a developer (see Cause of Delay in raw)
        substation_or_line as poi_name,
        status as status_raw,  -- as published; new replacement/surplus requests print 'None'
        'active' as record_kind,  -- the list holds active requests only
        {{ published_date('request_received') }} as queue_date,
        {{ published_date('commercial_operation_date') }} as proposed_cod,
        -- Commercial Operation Date is a plan until the status says the request operates
        case
            when status like '%/COMMERCIAL OPERATION'
                then {{ published_date('commercial_operation_date') }}
        end as in_service_date,
        {{ published_date('date_withdrawn') }} as withdrawal_date,
        -- one request can name two states ('TX/OK'): the first is kept
        case
            when regexp_matches(upper(trim(state)), '^[A-Z]{2}\b')
                then left(upper(trim(state)), 2)
        end as state,
        -- `Nearest Town or County`: 'Beaver County' -> 'Beaver'; a town stays a town
        nullif(
            trim(regexp_replace(trim(nearest_town_or_county), '\s+(county|co\.?)$', '', 'i')),
            ''
        ) as county,
        concat_ws(' - ', generation_type, fuel_type) as technology,
        try_cast(capacity as double) as capacity_mw,
        false as is_junk,
        sheet,
        source_row,
        source_url,
        content_sha256,
        fetched_at
    from source
)

{{ staged_projects('typed') }}
