-- Sabin Center interim CSV update: one row per entry per vintage, typed.
with source as (
    select * from {{ source('sabin_interim_csv', 'sabin_interim_csv__entries') }}
),

typed as (
    select
        md5(concat_ws('|', vintage, content_sha256, sheet, source_row)) as entry_key,
        source_id,
        vintage,
        nullif(trim(jurisdiction), '') as jurisdiction,
        trim(state) as state_name,
        {{ state_code('state') }} as state,
        trim(type) as entry_type,
        -- Type as a key: 'Contested project' and 'Contested Project' are one type
        lower(regexp_replace(trim(type), '\s+', '_', 'g')) as entry_type_key,
        try_cast(regexp_extract(year, '(\d{4})') as integer) as year,
        description,
        trim(energy_type) as energy_type,
        case lower(trim(energy_type))
            when 'solar' then 'solar'
            when 'wind' then 'wind'
            when 'both' then 'wind_and_solar'
        end as technology,
        date_entered,
        nullif(trim(source), '') as article_url,
        -- a news URL dated in its path (/2025/07/19/): the article's publication date
        try_cast(nullif(regexp_replace(regexp_extract(source, '/(\d{4}/\d{2}/\d{2})/', 1), '/', '-', 'g'), '') as date) as article_date,
        source_url,
        content_sha256,
        sheet,
        source_row,
        fetched_at
    from source
)

select
    *,
    -- Date entered is month/day only: the year is the Year column's
    try(make_date(
        year,
        cast(regexp_extract(date_entered, '^(\d{1,2})/(\d{1,2})', 1) as integer),
        cast(regexp_extract(date_entered, '^(\d{1,2})/(\d{1,2})', 2) as integer)
    )) as date_entered_in_year
from typed
