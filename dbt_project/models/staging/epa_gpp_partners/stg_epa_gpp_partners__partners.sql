-- EPA Green Power Partnership top partner lists: one row per partner per list per vintage.
-- Self-reported annual green power use; no contract dates (first appearance across
-- vintages is the only entry date).
select
    md5(concat_ws('|', vintage, content_sha256, sheet, source_row)) as partner_row_key,
    source_id,
    vintage,
    list_name,
    trim(partner_name) as partner_name,
    try_cast(regexp_replace(annual_green_power_usage_kwh, '[^0-9.]', '', 'g') as double)
        as annual_green_power_kwh,
    try_cast(regexp_replace(gp_of_total_electricity_use, '[^0-9.]', '', 'g') as double)
        as green_power_share_pct,
    organization_type,
    providers,
    green_power_resources,
    try_cast(rank as integer) as rank,
    source_url,
    content_sha256,
    sheet,
    source_row,
    fetched_at
from {{ source('epa_gpp_partners', 'epa_gpp_partners__partners') }}
where nullif(trim(partner_name), '') is not null
