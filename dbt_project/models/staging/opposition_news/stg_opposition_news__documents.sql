-- Opposition news: feed items (RSS/Atom) and the article pages they link to, one row per
-- row per vintage. Untrusted text: it is data for the extractor, nothing else.
-- The raw table's `source_url` is the provenance URL (the feed or the article fetched);
-- the feed's own <source> URL is overwritten by provenance at landing.
select
    md5(concat_ws('|', vintage, content_sha256, sheet, source_row, document)) as document_row_key,
    source_id,
    vintage,
    document as document_kind,  -- feed_item | article
    feed,
    feed_format,
    title,
    link,
    guid,
    published,
    try_strptime(published_utc, '%Y-%m-%dT%H:%M:%SZ') as published_at,
    updated,
    author,
    categories,
    summary,
    source_name,
    canonical_url,
    text,
    source_url,
    content_sha256,
    sheet,
    source_row,
    fetched_at
from {{ source('opposition_news', 'opposition_news__documents') }}
