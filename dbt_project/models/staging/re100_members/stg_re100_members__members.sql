-- RE100 members: one row per member per vintage (a commitment to 100% renewable
-- electricity, not a purchase; the join year dates the commitment).
select
    md5(concat_ws('|', vintage, content_sha256, sheet, source_row)) as member_row_key,
    source_id,
    vintage,
    trim(company) as company,
    headquarters,
    sector,
    try_cast(year_joined as integer) as year_joined,
    region,
    re100_target,
    company_url,
    source_url,
    content_sha256,
    sheet,
    source_row,
    fetched_at
from {{ source('re100_members', 're100_members__members') }}
where nullif(trim(company), '') is not null
