-- Sabin Center annual opposition report: one row per entry (state → section → entry) per vintage.
with source as (
    select * from {{ source('sabin_report', 'sabin_report__entries') }}
)

select
    md5(concat_ws('|', vintage, content_sha256, sheet, source_row)) as entry_key,
    source_id,
    vintage,
    trim(state) as state_name,
    {{ state_code('state') }} as state,
    section,
    bucket,
    lead,
    nullif(trim(jurisdiction), '') as jurisdiction,
    nullif(trim(project_name), '') as project_name,
    nullif(trim(county), '') as county,
    text,
    footnotes,
    -- the first link of the footnotes (trailing punctuation dropped), the entry's best source
    nullif(rtrim(regexp_extract(footnotes, 'https?://[^\s<>"]+'), '.,;)'), '') as footnote_url,
    source_url,
    content_sha256,
    sheet,
    source_row,
    fetched_at
from source
