-- Every text document the procurement extractor reads, one row per distinct text: press
-- release article pages, and feed items (title, then the summary when it adds anything).
-- Identical text across vintages is one document: the first vintage's row wins.
with documents as (
    select
        source_id, vintage,
        case
            when document_kind = 'article' then text
            when summary is null or trim(summary) = '' or starts_with(title, trim(summary))
                then title
            else title || '. ' || summary
        end as text,
        coalesce(canonical_url, link, source_url) as url,
        published_at,
        content_sha256, sheet, source_row
    from {{ ref('stg_procurement_news__documents') }}
),

keyed as (
    select sha256(text) as document_sha256, *
    from documents
    where nullif(trim(text), '') is not null
)

select
    document_sha256, source_id, vintage, text, url, published_at,
    content_sha256, sheet, source_row
from keyed
qualify row_number() over (
    partition by document_sha256 order by vintage, source_id, content_sha256, sheet, source_row
) = 1
