-- Press releases: feed items (RSS) and the article pages they link to, one row per landed
-- row per vintage. Untrusted text: it is data for the extractor, nothing else.
select
    md5(concat_ws('|', vintage, content_sha256, sheet, source_row, document)) as document_row_key,
    source_id,
    vintage,
    document as document_kind,  -- feed_item | article
    feed,
    title,
    link,
    guid,
    published,
    try_strptime(published_utc, '%Y-%m-%dT%H:%M:%SZ') as published_at,
    summary,
    source_name,
    canonical_url,
    text,
    source_url,
    content_sha256,
    sheet,
    source_row,
    fetched_at
from {{ source('procurement_news', 'procurement_news__documents') }}
