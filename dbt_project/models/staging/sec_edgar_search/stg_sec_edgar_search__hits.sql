-- SEC EDGAR full-text search: one row per hit (a filing document matching a procurement
-- query) per query per vintage. A filing found by two queries has two rows. The first CIK of
-- the hit is the filer (cik, 10 digits); display_name is parsed into entity_name and tickers.
select
    md5(concat_ws('|', vintage, content_sha256, sheet, source_row, query)) as hit_row_key,
    source_id,
    vintage,
    query,
    try_cast(window_start as date) as window_start,
    try_cast(window_end as date) as window_end,
    accession,
    filename,
    accession || ':' || filename as document_id,
    form,
    root_form,
    try_cast(file_date as date) as file_date,
    try_cast(period_ending as date) as period_ending,
    cik,
    ciks,
    trim(entity_name) as entity_name,
    nullif(trim(tickers), '') as tickers,
    sics,
    biz_states,
    items,
    document_url,
    source_url,
    content_sha256,
    sheet,
    source_row,
    fetched_at
from {{ source('sec_edgar_search', 'sec_edgar_search__hits') }}
where row_kind = 'hit'
