-- Opposition events a source states as structured fields (no LLM): extractor = 'structured'.
-- Each event is kept once, at the first vintage it appears (provenance of that row); the
-- quote is one cell of that row, verbatim.
-- Rules:
-- * NREL (local rules only, sheet 'County, State', as nrel_ordinances.de_facto_bans): Feature
--   Type Banned -> restrictive_ordinance (outright_ban), Moratorium -> moratorium; and the
--   numeric de facto bans whose unit is a plain length or dBA: wind setback from structures,
--   property lines or roads >= 1 mile, sound/noise <= 35 dBA, height <= 130 m; solar height
--   <= 9 ft, setback >= 750 ft (0.5 % rounding tolerance; the binding value of a multi-number
--   cell). Setbacks written as equipment multipliers are not judged. One event per
--   jurisdiction and technology (moratorium wins over the other reasons).
-- * ORES: status Permit Denied -> permit_denial, Adjudicatory Hearing -> contested_hearing.
-- * OPSB: case status Denied -> permit_denial; a county restricted area -> restrictive_ordinance,
--   unless its referendum cell says the voters rejected it (in any vintage).
-- * Sabin interim CSV: Local Ordinance -> restrictive_ordinance (moratorium when the
--   Description names a moratorium), Contested project -> contested_hearing, State Law -> state_law.
{%- set provenance = "source_url, content_sha256, sheet, source_row, fetched_at" %}

with nrel_judged as (
    select
        *,
        case
            when value_type_key in ('feet', 'foot', 'ft') then 0.3048
            when value_type_key in ('meters', 'meter', 'm') then 1.0
            when value_type_key in ('miles', 'mile') then 1609.344
        end as meters_per_unit,
        case
            when feature_key = 'moratorium' then 'moratorium'
            when feature_key = 'banned' then 'outright_ban'
        end as prohibition
    from {{ ref('stg_nrel_ordinances__rules') }}
    where rule_level = 'local'
),

nrel_banning as (
    select
        *,
        coalesce(prohibition, case
            when technology = 'wind' and feature_key in ('structures', 'property_line', 'roads', 'road')
                and list_max(value_numbers) * meters_per_unit >= 1609.344 * 0.995
                then 'setback_at_least_1_mile'
            when technology = 'wind' and feature_key in ('sound', 'sounds', 'noise')
                and value_type_key = 'dba' and list_min(value_numbers) <= 35 * 1.005
                then 'noise_at_most_35_dba'
            when technology = 'wind' and feature_key = 'height'
                and list_min(value_numbers) * meters_per_unit <= 130 * 1.005
                then 'tip_height_at_most_130_m'
            when technology = 'solar' and feature_key = 'height'
                and list_min(value_numbers) * meters_per_unit <= 9 * 0.3048 * 1.005
                then 'height_at_most_9_ft'
            when technology = 'solar' and feature_key in ('structures', 'property_line', 'roads', 'road')
                and list_max(value_numbers) * meters_per_unit >= 750 * 0.3048 * 0.995
                then 'setback_at_least_750_ft'
        end) as ban_reason
    from nrel_judged
),

nrel_events as (
    select
        nrel_banning.source_id || ':' || md5(concat_ws('|', nrel_banning.technology, nrel_banning.state, nrel_banning.county, nrel_banning.city_town)) as event_key,
        nrel_banning.source_id,
        case when ban_reason = 'moratorium' then 'moratorium' else 'restrictive_ordinance' end as event_type,
        coalesce(nrel_banning.city_town, nrel_banning.county || ' County') as jurisdiction,
        nrel_banning.state,
        nrel_banning.county as county_text,
        nrel_banning.technology,
        cast(null as varchar) as project_name,
        cast(null as varchar) as developer_name,
        make_date(ordinance_year, 1, 1) as event_date,
        case when ordinance_year is not null then 'year' end as event_date_precision,
        reasons.ban_reasons as outcome,
        coalesce(comment, citation, value, feature_type) as quote,
        vintage,
        {{ provenance }}
    from nrel_banning
    inner join (
        select source_id, technology, state, county, city_town,
            string_agg(distinct ban_reason, '; ' order by ban_reason) as ban_reasons
        from nrel_banning
        where ban_reason is not null
        group by all
    ) as reasons
        on nrel_banning.source_id = reasons.source_id
        and nrel_banning.technology = reasons.technology
        and nrel_banning.state is not distinct from reasons.state
        and nrel_banning.county is not distinct from reasons.county
        and nrel_banning.city_town is not distinct from reasons.city_town
    where ban_reason is not null and nrel_banning.state is not null
    qualify row_number() over (
        partition by nrel_banning.source_id, nrel_banning.technology, nrel_banning.state, nrel_banning.county, nrel_banning.city_town
        order by vintage, (ban_reason = 'moratorium') desc, (prohibition is not null) desc, source_row
    ) = 1
),

ores_events as (
    select
        source_id || ':' || matter_number || ':' || status as event_key,
        source_id,
        case status when 'Permit Denied' then 'permit_denial' else 'contested_hearing' end as event_type,
        coalesce(towns, county) as jurisdiction,
        'NY' as state,
        county as county_text,
        technology,
        facility_name as project_name,
        applicant as developer_name,
        coalesce(decision_date, vintage) as event_date,
        case when decision_date is not null then 'day' else 'first_seen' end as event_date_precision,
        status as outcome,
        status as quote,
        vintage,
        {{ provenance }}
    from {{ ref('stg_ny_ores_permits__matters') }}
    where status in ('Permit Denied', 'Adjudicatory Hearing')
    qualify row_number() over (partition by matter_number, status order by vintage, source_row) = 1
),

opsb as (
    select
        *,
        bool_or(rejected_by_voters) over (partition by county, resolution) as ever_rejected
    from {{ ref('stg_oh_opsb_cases__cases') }}
),

opsb_events as (
    select
        source_id || ':' || case_number || ':' || status as event_key,
        source_id,
        'permit_denial' as event_type,
        coalesce(townships, county) as jurisdiction,
        'OH' as state,
        county as county_text,
        technology,
        project_name,
        applicant as developer_name,
        coalesce(decision_date, vintage) as event_date,
        case when decision_date is not null then 'day' else 'first_seen' end as event_date_precision,
        status as outcome,
        status as quote,
        vintage,
        {{ provenance }}
    from opsb
    where record_kind = 'case' and status = 'Denied'
    qualify row_number() over (partition by case_number order by vintage, source_row) = 1

    union all

    select
        source_id || ':restricted_area:' || county || ':' || coalesce(resolution, '') as event_key,
        source_id,
        'restrictive_ordinance' as event_type,
        coalesce(restricted_area, county || ' County') as jurisdiction,
        'OH' as state,
        county as county_text,
        case
            when facility_types ilike '%solar%' and facility_types ilike '%wind%' then 'wind_and_solar'
            when facility_types ilike '%solar%' then 'solar'
            when facility_types ilike '%wind%' then 'wind'
        end as technology,
        cast(null as varchar) as project_name,
        cast(null as varchar) as developer_name,
        coalesce(adopted_date, vintage) as event_date,
        case when adopted_date is not null then 'day' else 'first_seen' end as event_date_precision,
        referendum as outcome,
        coalesce(restricted_area, facility_types, resolution) as quote,
        vintage,
        {{ provenance }}
    from opsb
    where record_kind = 'restricted_area'
        and not ever_rejected
    qualify row_number() over (partition by county, resolution order by vintage, source_row) = 1
),

sabin_events as (
    select
        source_id || ':' || md5(concat_ws('|', jurisdiction, state, entry_type_key, year, description)) as event_key,
        source_id,
        case entry_type_key
            when 'local_ordinance' then
                case when description ilike '%moratori%' then 'moratorium' else 'restrictive_ordinance' end
            when 'contested_project' then 'contested_hearing'
            when 'state_law' then 'state_law'
            else 'other'
        end as event_type,
        jurisdiction,
        state,
        case when jurisdiction ilike '%county%' then jurisdiction end as county_text,
        technology,
        cast(null as varchar) as project_name,
        cast(null as varchar) as developer_name,
        coalesce(article_date, date_entered_in_year, make_date(year, 1, 1)) as event_date,
        case
            when article_date is not null then 'day'
            when date_entered_in_year is not null then 'entered'
            when year is not null then 'year'
        end as event_date_precision,
        cast(null as varchar) as outcome,
        description as quote,
        vintage,
        {{ provenance }}
    from {{ ref('stg_sabin_interim_csv__entries') }}
    where nullif(trim(description), '') is not null
    qualify row_number() over (
        partition by jurisdiction, state, entry_type_key, year, description order by vintage, source_row
    ) = 1
)

select *, 'structured' as extractor from nrel_events
union all by name
select *, 'structured' as extractor from ores_events
union all by name
select *, 'structured' as extractor from opsb_events
union all by name
select *, 'structured' as extractor from sabin_events
