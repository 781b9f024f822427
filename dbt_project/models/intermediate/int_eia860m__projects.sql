-- EIA-860M generators in the shape every queue source is staged in, so one change history
-- covers queues and the generator inventory alike. The operator (Entity Name) is the
-- developer name EIA offers; it is often a project LLC.
select
    vintage || ':' || project_id as project_vintage_key,
    *
from (
    select
        as_of_date as vintage,
        source_id,
        'EIA' as iso,
        generator_key as project_id,
        plant_name as project_name,
        entity_name as developer_name,
        cast(null as varchar) as poi_name,
        status_key as status_raw,
        stage,
        lower(sheet_kind) as record_kind,
        cast(null as date) as queue_date,
        planned_operation_date as proposed_cod,
        operating_date as in_service_date,
        cast(null as date) as withdrawal_date,
        plant_state as state,
        county,
        technology,
        {{ canonical_fuel('technology') }} as fuel,
        nameplate_capacity_mw as capacity_mw,
        false as is_junk,
        sheet,
        source_row,
        source_url,
        content_sha256,
        fetched_at
    from {{ ref('stg_eia860m__generators') }}
)
