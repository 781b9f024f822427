-- One row per generator per data month, typed, with its status code and canonical stage.
with source as (
    select * from {{ source('eia860m', 'eia860m__generators') }}
),

typed as (
    select
        date_trunc('month', vintage)::date as data_month,
        vintage as as_of_date,
        replace(sheet, '_PR', '') as sheet_kind,
        sheet like '%\_PR' escape '\' as is_puerto_rico,
        try_cast(entity_id as integer) as entity_id,
        entity_name,
        try_cast(plant_id as integer) as plant_id,
        plant_name,
        plant_state,
        county,
        balancing_authority_code,
        sector,
        generator_id,
        unit_code,
        plant_id || ':' || generator_id as generator_key,
        try_cast(nameplate_capacity_mw as double) as nameplate_capacity_mw,
        try_cast(net_summer_capacity_mw as double) as net_summer_capacity_mw,
        try_cast(net_winter_capacity_mw as double) as net_winter_capacity_mw,
        try_cast(nameplate_energy_capacity_mwh as double) as nameplate_energy_capacity_mwh,
        try_cast(dc_net_capacity_mw as double) as dc_net_capacity_mw,
        technology,
        energy_source_code,
        prime_mover_code,
        {{ month_date('planned_operation_year', 'planned_operation_month') }} as planned_operation_date,
        {{ month_date('operating_year', 'operating_month') }} as operating_date,
        {{ month_date('retirement_year', 'retirement_month') }} as retirement_date,
        {{ month_date('planned_retirement_year', 'planned_retirement_month') }} as planned_retirement_date,
        status as status_raw,
        status_code,
        status_label,
        coalesce(status_code, replace(sheet, '_PR', '')) as status_key,
        try_cast(latitude as double) as latitude,
        try_cast(longitude as double) as longitude,
        source_id,
        sheet,
        source_row,
        source_url,
        content_sha256,
        fetched_at
    from source
)

select
    typed.data_month || ':' || typed.sheet || ':' || typed.generator_key as generator_month_key,
    typed.*,
    stage_map.stage,
    ladder.stage_order,
    coalesce(ladder.is_terminal, false) as is_terminal_stage
from typed
left join {{ ref('status_stage_map') }} as stage_map
    on stage_map.source_id = typed.source_id and stage_map.raw_status = typed.status_key
left join {{ ref('stage_ladder') }} as ladder
    on ladder.stage = stage_map.stage
