-- SEC EDGAR full-text search: per query and vintage, the total hits the index reports and
-- whether it capped the count at 10,000 (relation 'gte'): a capped query was not read to the
-- end, and the check edgar_queries_not_capped says so.
select
    md5(concat_ws('|', vintage, content_sha256, sheet, source_row, query)) as query_row_key,
    source_id,
    vintage,
    query,
    try_cast(window_start as date) as window_start,
    try_cast(window_end as date) as window_end,
    try_cast(hits_total as bigint) as hits_total,
    hits_total_relation,
    coalesce(try_cast(hits_capped as boolean), false) as hits_capped,
    source_url,
    content_sha256,
    sheet,
    source_row,
    fetched_at
from {{ source('sec_edgar_search', 'sec_edgar_search__hits') }}
where row_kind = 'query_summary'
