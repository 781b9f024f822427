{#- state_code: a state name (or a 2-letter code) as its 2-letter USPS code; replace X with the column. #}
{%- set state_names = {'alabama':'AL','alaska':'AK','arizona':'AZ','arkansas':'AR','california':'CA','colorado':'CO','connecticut':'CT','delaware':'DE','district of columbia':'DC','washington dc':'DC','florida':'FL','georgia':'GA','hawaii':'HI','idaho':'ID','illinois':'IL','indiana':'IN','iowa':'IA','kansas':'KS','kentucky':'KY','louisiana':'LA','maine':'ME','maryland':'MD','massachusetts':'MA','michigan':'MI','minnesota':'MN','mississippi':'MS','missouri':'MO','montana':'MT','nebraska':'NE','nevada':'NV','new hampshire':'NH','new jersey':'NJ','new mexico':'NM','new york':'NY','north carolina':'NC','north dakota':'ND','ohio':'OH','oklahoma':'OK','oregon':'OR','pennsylvania':'PA','rhode island':'RI','south carolina':'SC','south dakota':'SD','tennessee':'TN','texas':'TX','utah':'UT','vermont':'VT','virginia':'VA','washington':'WA','west virginia':'WV','wisconsin':'WI','wyoming':'WY'} -%}
{%- set state_code -%}
case
    when regexp_full_match(upper(trim(X)), '[A-Z]{2}') and upper(trim(X)) in ({% for c in state_names.values() %}'{{ c }}'{{ ',' if not loop.last }}{% endfor %}) then upper(trim(X))
    {%- for name, code in state_names.items() %}
    when lower(regexp_replace(replace(trim(X), '.', ''), '\s+', ' ', 'g')) = '{{ name }}' then '{{ code }}'
    {%- endfor %}
end
{%- endset %}
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
        {{ state_code | replace('X', 'state') }} as state,
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
