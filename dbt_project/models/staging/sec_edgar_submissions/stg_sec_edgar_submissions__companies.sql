-- EDGAR submissions: one row per company (CIK) per vintage: name, tickers, SIC, state of
-- incorporation and former names (former_names_json: [{name, from, to}]).
select
    md5(concat_ws('|', vintage, content_sha256, sheet, source_row)) as company_row_key,
    source_id,
    vintage,
    cik,
    trim(name) as name,
    nullif(trim(tickers), '') as tickers,
    exchanges,
    sic,
    sic_description,
    entity_type,
    category,
    state_of_incorporation,
    business_state,
    former_names,
    former_names_json,
    try_cast(earliest_recent_filing_date as date) as earliest_recent_filing_date,
    source_url,
    content_sha256,
    sheet,
    source_row,
    fetched_at
from {{ source('sec_edgar_submissions', 'sec_edgar_submissions__companies') }}
