-- One row per operable generator per month from the EIA API, typed.
with source as (
    select * from {{ source('eia_api_generator_capacity', 'eia_api__operating_generator_capacity') }}
)

select
    strptime(period, '%Y-%m')::date as data_month,
    source.period || ':' || source.plantid || ':' || source.generatorid as generator_month_key,
    try_cast(plantid as integer) as plant_id,
    generatorid as generator_id,
    plantid || ':' || generatorid as generator_key,
    try_cast(entityid as integer) as entity_id,
    entityname as entity_name,
    plantname as plant_name,
    stateid as plant_state,
    county,
    technology,
    energy_source_code,
    prime_mover_code,
    balancing_authority_code,
    status as status_code,
    stage_map.stage,
    try_cast(nameplate_capacity_mw as double) as nameplate_capacity_mw,
    try_cast(latitude as double) as latitude,
    try_cast(longitude as double) as longitude,
    source.source_id,
    source.vintage as as_of_date,
    source.sheet,
    source.source_row,
    source.source_url,
    source.content_sha256,
    source.fetched_at
from source
left join {{ ref('status_stage_map') }} as stage_map
    on stage_map.source_id = source.source_id and stage_map.raw_status = source.status
