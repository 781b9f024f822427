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
-- NCSL state siting authority (State / Local / Hybrid): one row per state per vintage.
select
    md5(concat_ws('|', vintage, content_sha256, sheet, source_row)) as state_vintage_key,
    source_id,
    vintage,
    trim(state) as state_name,
    {{ state_code | replace('X', 'state') }} as state,
    trim(permitting_type) as permitting_type,
    lower(trim(permitting_type)) as siting_authority,
    description,
    nullif(trim(link), '') as link,
    source_url,
    content_sha256,
    sheet,
    source_row,
    fetched_at
from {{ source('ncsl_siting_authority', 'ncsl_siting_authority__states') }}
