-- LBNL "Queued Up": one row per project row per edition, typed, with its canonical stage.
{#- Dates. Text: calamine datetimes ('2020-08-13 00:00:00'), m/d/yy, m/d/yyyy, Stata's
    31dec2022 and mm/yyyy. Numbers: below 30000 they are Stata day counts (days since
    1960-01-01: the 2020 edition's wd_date, which agrees with its wd_year on every row), above
    it Excel serial numbers (the later editions' dates, a few 2020 prop_date). Placeholders for
    unknown (31dec1899, 1/1/1900) become null: every date before 1901. -#}
{%- set date_rules = {
    'formats': ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d', '%m/%d/%Y', '%d%b%Y', '%m/%Y'],
    'two_digit_years': true,
    'stata_days_below': 30000,
    'earliest': '1901-01-01',
} %}
{%- set dates = {
    "queue_date": "q_date",
    "proposed_cod": "prop_date",
    "in_service_date": "on_date",
    "withdrawal_date": "wd_date",
} %}
{%- set isos = ["CAISO", "ERCOT", "ISO-NE", "MISO", "NYISO", "PJM", "SPP"] %}

with source as (
    select * from {{ source('lbnl_queued_up', 'lbnl_queued_up__projects') }}
),

identified as (
    select
        *,
        -- q_id is unique only within an entity, and not always: ISO-NE lists some projects
        -- twice and some NYISO rows have no q_id. Those rows are told apart by sheet and row.
        case
            when q_id is not null and count(*) over (partition by vintage, entity, q_id) = 1
                then coalesce(entity, region) || ':' || q_id
            else coalesce(entity, region) || ':' || coalesce(q_id, '')
                || '@' || sheet || ':' || source_row
        end as project_id
    from source
),

typed as (
    select
        vintage || ':' || project_id as project_vintage_key,
        vintage,
        source_id,
        project_id,
        -- the region names the ISO; outside ISOs the entity is the utility running the queue
        coalesce(
            case when region in ('{{ isos | join("', '") }}') then region end, entity, region
        ) as iso,
        project_name,
        developer as developer_name,
        poi_name,
        -- keep in step with lbnl_queued_up.status_key
        case
            when q_status is distinct from 'active' then q_status
            else 'active|' || coalesce(ia_status_clean, 'unknown')
        end as status_raw,
        case q_status when 'operational' then 'completed' else q_status end as record_kind,
        {%- for name, column in dates.items() %}
        {{ published_date(column, **date_rules) }} as {{ name }},
        {%- endfor %}
        case when regexp_full_match(upper(trim(state)), '[A-Z]{2}') then upper(trim(state)) end
            as state,
        county,
        coalesce(type_clean, nullif(concat_ws('; ', type1, type2, type3), '')) as technology,
        case
            when coalesce(mw1, mw2, mw3) is not null
                then coalesce(try_cast(mw1 as double), 0)
                + coalesce(try_cast(mw2 as double), 0)
                + coalesce(try_cast(mw3 as double), 0)
        end as capacity_mw,
        false as is_junk,
        sheet,
        source_row,
        source_url,
        content_sha256,
        fetched_at
    from identified
)

{{ staged_projects('typed') }}
