-- CAISO Public Queue Report: one row per project per vintage, typed, with its canonical stage.
{#- Dates: calamine datetimes ('2003-11-18 08:00:00', the hour is a time-zone artifact),
    m/d/yy and m/d/yyyy text, or an Excel serial number. -#}
{%- set date_rules = {
    'formats': ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d', '%m/%d/%Y'],
    'two_digit_years': true,
} %}

with source as (
    select * from {{ source('caiso_queue', 'caiso_queue__projects') }}
),

typed as (
    select
        vintage || ':' || queue_position as project_vintage_key,
        vintage,
        source_id,
        'CAISO' as iso,
        queue_position as project_id,
        coalesce(project_name, project_name_confidential) as project_name,
        cast(null as varchar) as developer_name,  -- CAISO publishes no developer
        station_or_transmission_line as poi_name,
        -- Application Status is only ACTIVE / COMPLETED / WITHDRAWN: an active project's
        -- progress comes from its other columns (keep in step with caiso_queue.status_key).
        case
            when application_status is distinct from 'ACTIVE' then application_status
            when suspension_status is not null then 'ACTIVE|' || suspension_status
            when interconnection_agreement_status is not null
                then 'ACTIVE|IA ' || interconnection_agreement_status
            when facilities_study_fas_or_phase_ii_cluster_study = 'Complete'
                then 'ACTIVE|Phase II Complete'
            when system_impact_study_or_phase_i_cluster_study = 'Complete'
                then 'ACTIVE|Phase I Complete'
            else 'ACTIVE|In Study'
        end as status_raw,
        case sheet
            when 'Grid GenerationQueue' then 'active'
            when 'Completed Generation Projects' then 'completed'
            when 'Withdrawn Generation Projects' then 'withdrawn'
        end as record_kind,
        coalesce(
            {{ published_date('queue_date', **date_rules) }},
            {{ published_date('interconnection_request_receive_date', **date_rules) }}
        ) as queue_date,
        coalesce(
            {{ published_date('current_on_line_date', **date_rules) }},
            {{ published_date('proposed_on_line_date_as_filed_with_ir', **date_rules) }}
        ) as proposed_cod,
        {{ published_date('actual_on_line_date', **date_rules) }} as in_service_date,
        {{ published_date('withdrawn_date', **date_rules) }} as withdrawal_date,
        case when regexp_full_match(upper(trim(state)), '[A-Z]{2}') then upper(trim(state)) end
            as state,
        county,
        -- the fuels of all triples, so that a hybrid reads as one ('Solar; Battery')
        coalesce(
            nullif(concat_ws('; ', fuel_1, fuel_2, fuel_3), ''),
            nullif(concat_ws('; ', type_1, type_2, type_3), '')
        ) as technology,
        coalesce(
            try_cast(net_mws_to_grid as double),
            case
                when coalesce(mw_1, mw_2, mw_3) is not null
                    then coalesce(try_cast(mw_1 as double), 0)
                    + coalesce(try_cast(mw_2 as double), 0)
                    + coalesce(try_cast(mw_3 as double), 0)
            end
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
