-- PJM queue export: one row per request per vintage, typed, with its status key and stage.
{#- Dates (published_date): PJM writes m/d/yyyy text; calamine renders real date cells as
    '2025-01-14 00:00:00'; a bare number is an Excel serial. Blank and 'N/A' become null. #}

with source as (
    select
        *,
        -- requests carried into the transition cycle read 'AE1-070 - moved to TC1'
        regexp_extract(trim(project_id), '^\S+') as request_id
    from {{ source('pjm_queue', 'pjm_queue__projects') }}
),

typed as (
    select
        vintage || ':' || request_id as project_vintage_key,
        vintage,
        source_id,
        'PJM' as iso,
        request_id as project_id,
        commercial_name as project_name,  -- null in exports without the column
        cast(null as varchar) as developer_name,  -- PJM publishes no developer
        name as poi_name,  -- Name is the point of interconnection, never the project's name
        -- status key: begin (keep in step with maestro_assets.lib.sources.pjm_queue.status_key)
        case
            when status is distinct from 'Active' then status
            when facilities_study_status in ('In Progress', 'Document Posted', 'Interim Study')
                then 'Active|Facilities Study'
            when system_impact_study_status in ('In Progress', 'Document Posted', 'Interim Study')
                then 'Active|System Impact Study'
            when feasibility_study_status in ('In Progress', 'Document Posted', 'Interim Study')
                then 'Active|Feasibility Study'
            else 'Active'
        end
        -- status key: end
        as status_raw,
        -- one list holds every request: the kind is read from Status
        case
            when status in ('Withdrawn', 'Retracted', 'Annulled') then 'withdrawn'
            when status in ('Canceled', 'Cancelled') then 'cancelled'
            when status = 'In Service' then 'in_service'
            when status = 'Deactivated' then 'deactivated'
            else 'active'
        end as record_kind,
        {{ published_date('submitted_date') }} as queue_date,
        coalesce(
            {{ published_date('revised_in_service_date') }},
            {{ published_date('commercial_operation_milestone') }}
        ) as proposed_cod,
        {{ published_date('actual_in_service_date') }} as in_service_date,
        {{ published_date('withdrawal_date') }} as withdrawal_date,
        case when regexp_full_match(upper(trim(state)), '[A-Z]{2}') then upper(trim(state)) end
            as state,
        nullif(county, 'N/A') as county,
        fuel as technology,
        -- MW Energy is the request's injection; capacity-only uprates request MW Capacity alone
        coalesce(
            greatest(try_cast(mw_energy as double), try_cast(mw_capacity as double)),
            try_cast(mfo as double)
        ) as capacity_mw,
        false as is_junk,
        sheet,
        source_row,
        source_url,
        content_sha256,
        fetched_at
    from source
)

{{ staged_projects('typed') }}
