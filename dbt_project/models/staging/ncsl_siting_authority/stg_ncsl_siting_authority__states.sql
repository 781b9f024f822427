-- NCSL state siting authority (State / Local / Hybrid): one row per state per vintage.
select
    md5(concat_ws('|', vintage, content_sha256, sheet, source_row)) as state_vintage_key,
    source_id,
    vintage,
    trim(state) as state_name,
    {{ state_code('state') }} as state,
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
