-- One row per project per source: its latest listing, when it was first and last seen, and a
-- link to the EIA-860M plant it became, where the evidence allows. A link needs the same
-- state, county and fuel and a capacity within 10%; a project name similar to the plant's
-- raises the confidence. Only a pair that is each other's single best candidate is linked,
-- at confidence >= 0.7: no link is better than a wrong one.
with projects as (
    select * from {{ ref('int_project_vintages') }} where not is_junk
),

source_latest as (
    select source_id, max(vintage) as latest_vintage from projects group by all
),

latest as (
    select
        projects.*,
        min(vintage) over (partition by project_key) as first_seen,
        max(vintage) over (partition by project_key) as last_seen
    from projects
    qualify row_number() over (partition by project_key order by vintage desc) = 1
),

eia_plants as (
    -- the latest month of every generator, summed per plant and fuel
    select
        plant_id,
        any_value(project_name) as plant_name,
        any_value(developer_name) as entity_name,
        state,
        county_key,
        fuel,
        sum(capacity_mw) as capacity_mw,
        list(project_id order by project_id) as generator_keys
    from (
        select *, split_part(project_id, ':', 1) as plant_id
        from projects
        where source_id = 'eia860m'
        qualify row_number() over (partition by project_key order by vintage desc) = 1
    )
    where stage is distinct from 'cancelled'
    group by plant_id, state, county_key, fuel
),

candidates as (
    select
        latest.project_key,
        latest.source_id,
        eia_plants.plant_id,
        eia_plants.generator_keys,
        eia_plants.entity_name,
        case
            when latest.project_name is null then 0.7
            else 0.6 + 0.4 * jaro_winkler_similarity(
                {{ organization_key('latest.project_name') }},
                {{ organization_key('eia_plants.plant_name') }}
            )
        end as confidence
    from latest
    inner join eia_plants
        on eia_plants.state = latest.state
        and eia_plants.county_key = latest.county_key
        and eia_plants.fuel = latest.fuel
        and abs(eia_plants.capacity_mw - latest.capacity_mw)
            <= 0.10 * greatest(eia_plants.capacity_mw, latest.capacity_mw)
    where latest.source_id <> 'eia860m'
),

links as (
    select *
    from candidates
    qualify
        confidence >= 0.7
        and confidence = max(confidence) over (partition by project_key)
        and count(*) over (partition by project_key, confidence) = 1
        and confidence = max(confidence) over (partition by source_id, plant_id)
        and count(*) over (partition by source_id, plant_id, confidence) = 1
)

select
    latest.project_key,
    latest.source_id,
    latest.iso,
    latest.project_id,
    latest.project_name,
    latest.developer_name,
    latest.developer_key,
    -- the developer a signal can name: the source's own, else the operator of the linked
    -- EIA plant (often a project LLC: kept as it is, no parent is invented)
    coalesce(latest.developer_name, links.entity_name) as attributed_developer_name,
    {{ organization_key('coalesce(latest.developer_name, links.entity_name)') }}
        as attributed_developer_key,
    -- the same organization's one identity across sources (marts.organization_alias)
    coalesce(developer_alias.org_id, operator_alias.org_id) as attributed_org_id,
    latest.poi_name,
    latest.stage as latest_stage,
    latest.stage_order as latest_stage_order,
    latest.status_raw as latest_status_raw,
    latest.record_kind as latest_record_kind,
    latest.last_seen < source_latest.latest_vintage and not latest.is_terminal_stage
        as has_disappeared,
    latest.first_seen,
    latest.last_seen,
    latest.queue_date,
    latest.proposed_cod,
    latest.in_service_date,
    latest.withdrawal_date,
    latest.state,
    latest.county,
    latest.county_key,
    latest.technology,
    latest.fuel,
    latest.capacity_mw,
    links.plant_id as eia_plant_id,
    links.generator_keys as eia_generator_keys,
    round(links.confidence, 3) as eia_match_confidence,
    latest.content_sha256,
    latest.source_url,
    latest.sheet,
    latest.source_row,
    latest.vintage as latest_vintage
from latest
inner join source_latest on source_latest.source_id = latest.source_id
left join links on links.project_key = latest.project_key
left join {{ source('identity', 'organization_alias') }} as developer_alias
    on developer_alias.source_id = latest.source_id
    and developer_alias.raw_name = trim(latest.developer_name)
left join {{ source('identity', 'organization_alias') }} as operator_alias
    on latest.developer_name is null
    and operator_alias.source_id = 'eia860m'
    and operator_alias.raw_name = trim(links.entity_name)
