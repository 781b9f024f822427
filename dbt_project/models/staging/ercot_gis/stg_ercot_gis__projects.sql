-- ERCOT GIS Report: one row per project per sheet per vintage, typed, with its stage.
{#- Dates: calamine renders date cells as '2025-01-31 00:00:00' (with milliseconds on the short
    sheets' timestamps); text dates are m/d/yyyy or m-d-yyyy; a bare number is an Excel serial.
    ERCOT's "1-1-1900" (rendered 1899-12-31 from its serial) means the milestone was met on an
    unknown date: every date before 1901 becomes null. -#}
{%- set date_rules = {
    'formats': ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%g', '%Y-%m-%d', '%m/%d/%Y', '%m-%d-%Y'],
    'earliest': '1901-01-01',
} -%}
{#- ERCOT's fuel and technology codes (the report's Acronyms sheet), spelled out for
    canonical_fuel. HYD is hydrogen, written H2 so it is not read as hydro. -#}
{%- set fuel_words = {
    'BIO': 'Biomass', 'COA': 'Coal', 'GAS': 'Gas', 'GEO': 'Geothermal', 'HYD': 'H2',
    'NUC': 'Nuclear', 'OIL': 'Fuel Oil', 'OTH': 'Other', 'PET': 'Petcoke', 'SOL': 'Solar',
    'WAT': 'Water', 'WIN': 'Wind',
} -%}
{%- set technology_words = {
    'BA': 'Battery Energy Storage', 'CC': 'Combined-Cycle', 'CE': 'Compressed Air Energy Storage',
    'CP': 'Concentrated Solar Power', 'EN': 'Energy Storage', 'FC': 'Fuel Cell',
    'GT': 'Combustion Gas Turbine', 'HY': 'Hydroelectric Turbine', 'IC': 'Internal Combustion',
    'OT': 'Other', 'PV': 'Photovoltaic Solar', 'ST': 'Steam Turbine', 'WT': 'Wind Turbine',
} %}

with source as (
    select * from {{ source('ercot_gis', 'ercot_gis__projects') }}
),

typed as (
    select
        vintage || ':' || sheet || ':' || inr as project_vintage_key,
        vintage,
        source_id,
        'ERCOT' as iso,
        inr as project_id,
        project_name,
        interconnecting_entity as developer_name,  -- raw, often a project LLC
        poi_location as poi_name,
        status_key as status_raw,  -- derived by the parser: maestro_assets.lib.sources.ercot_gis
        case sheet
            when 'Project Details - Large Gen' then 'active'
            when 'Project Details - Small Gen' then 'active'
            when 'Commissioning Update' then 'commissioning'
            when 'Inactive Projects' then 'inactive'
            when 'Cancellation Update' then 'cancelled'
        end as record_kind,
        {{ published_date('screening_study_started', **date_rules) }} as queue_date,
        {{ published_date('projected_cod', **date_rules) }} as proposed_cod,
        case
            when status_key like 'Commercial Operation Approved%'
                then {{ published_date('approval_date', **date_rules) }}
        end as in_service_date,
        {{ published_date('cancel_date', **date_rules) }} as withdrawal_date,
        'TX' as state,  -- the ERCOT grid lies within Texas
        county,
        concat_ws(' ', fuel, technology) as technology,
        concat_ws(
            ' ',
            case upper(fuel)
                {%- for code, word in fuel_words.items() %}
                when '{{ code }}' then '{{ word }}'
                {%- endfor %}
                else fuel
            end,
            case upper(technology)
                {%- for code, word in technology_words.items() %}
                when '{{ code }}' then '{{ word }}'
                {%- endfor %}
                else technology
            end
        ) as technology_words,
        try_cast(coalesce(capacity_mw, mw) as double) as capacity_mw,
        false as is_junk,
        try_cast(approval_date as timestamp) as approval_time,
        sheet,
        source_row,
        source_url,
        content_sha256,
        fetched_at
    from source
),

-- Commissioning Update lists a project once per approval granted in the month (energization
-- and synchronization can both fall in one month): keep the most advanced approval.
one_per_sheet as (
    select *
    from typed
    qualify row_number() over (
        partition by vintage, sheet, project_id
        order by
            case
                when status_raw like 'Commercial Operation%' then 1
                when status_raw like 'Synchronization%' then 2
                else 3
            end,
            approval_time desc nulls last,
            source_row
    ) = 1
)

{{ staged_projects('one_per_sheet', fuel_from='technology_words') }}
