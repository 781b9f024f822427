-- NREL wind and solar siting-ordinance databases: one row per rule per vintage, both technologies.
with source as (
    select * from {{ source('nrel_wind_ordinances', 'nrel_wind_ordinances__rules') }}
    union all by name
    select * from {{ source('nrel_solar_ordinances', 'nrel_solar_ordinances__rules') }}
)

select
    md5(concat_ws('|', source_id, vintage, content_sha256, sheet, source_row)) as rule_key,
    source_id,
    vintage,
    lower(trim(technology)) as technology,
    trim(state) as state_name,
    {{ state_code('state') }} as state,
    nullif(trim(county), '') as county,
    nullif(trim(city_town), '') as city_town,
    case when sheet = 'State' then 'state' else 'local' end as rule_level,
    feature_type,
    -- Feature Type as a key: 'Property line' = 'Property Line', 'Sounds' = 'Sound'
    lower(regexp_replace(trim(feature_type), '\s+', '_', 'g')) as feature_key,
    value_type,
    lower(trim(value_type)) as value_type_key,
    value,
    -- every number the Value cell holds ('55/50/45', '152.4 - 457.2', '15,840')
    list_transform(
        regexp_extract_all(value, '\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+'),
        lambda n: cast(replace(n, ',', '') as double)
    ) as value_numbers,
    citation,
    try_cast(regexp_extract(ordinance_year, '((?:19|20)\d\d)') as integer) as ordinance_year,
    comment,
    updated_type,
    updated_value,
    updated_comment,
    original_captured_date,
    new_capture_date,
    update_status,
    try_cast(regexp_extract(coalesce(new_capture_date, original_captured_date, year_captured), '((?:19|20)\d\d)') as integer) as captured_year,
    source_url,
    content_sha256,
    sheet,
    source_row,
    fetched_at
from source
