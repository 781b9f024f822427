-- Every piece of evidence that an organization buys clean energy, one row per event, from
-- four kinds of source:
--   announcement      a purchase extracted from a press release (staging.procurement_extractions,
--                     status 'ok'): buyer, seller, project, MW, contract type, verbatim quote;
--                     dated by the text's date, else the release's publication date; the same
--                     purchase told again (feed item and article, several days) counts once;
--   sec_filing        an EDGAR filing (one accession) matching a procurement query, dated by
--                     its filing date; the queries it matched are listed;
--   gpp_listing       a partner's first appearance on any EPA Green Power list, dated by the
--                     vintage it first appears in (the lists carry no contract dates);
--   re100_membership  an RE100 member, dated 1 January of its join year (the earliest date
--                     the year allows), else the vintage it first appears in.
-- is_left_censored: the event is dated by the first vintage its source was ever read, so it
-- may be older than it looks; such an event never proves a first purchase.
-- is_energy_company: an electric or gas utility filer (SIC 49xx): PPAs are their business,
-- not a buyer's entry. Every row carries the raw row it comes from.
with coverage as (
    select 'procurement_news' as source_id, min(vintage) as coverage_start
    from {{ ref('stg_procurement_news__documents') }}
    union all
    select 'sec_edgar_search', min(window_start) from {{ ref('stg_sec_edgar_search__queries') }}
    union all
    select 'epa_gpp_partners', min(vintage) from {{ ref('stg_epa_gpp_partners__partners') }}
    union all
    select 're100_members', min(vintage) from {{ ref('stg_re100_members__members') }}
),

announcements as (
    select
        'announcement' as evidence_kind,
        extractions.source_id,
        extractions.buyer_name,
        extractions.seller_name,
        extractions.project_name,
        extractions.technology,
        extractions.capacity_mw,
        extractions.contract_type,
        extractions.state,
        extractions.country,
        coalesce(
            try_cast(extractions.announced_date as date),
            try_strptime(extractions.announced_date, '%Y-%m')::date,
            cast(documents.published_at as date),
            documents.vintage
        ) as event_date,
        case
            when try_cast(extractions.announced_date as date) is not null then 'day'
            when try_strptime(extractions.announced_date, '%Y-%m') is not null then 'month'
            when documents.published_at is not null then 'day'
            else 'vintage'
        end as event_date_precision,
        extractions.quote,
        documents.url,
        extractions.extractor,
        cast(null as varchar) as form,
        cast(null as varchar) as matched_queries,
        cast(null as varchar) as sic,
        documents.vintage,
        documents.content_sha256,
        documents.sheet,
        documents.source_row,
        extractions.document_sha256 || ':' || extractions.event_index as record_key
    from {{ source('procurement_extraction', 'procurement_extractions') }} as extractions
    inner join {{ ref('int_procurement_documents') }} as documents
        on documents.document_sha256 = extractions.document_sha256
    where extractions.status = 'ok' and nullif(trim(extractions.buyer_name), '') is not null
    qualify row_number() over (
        partition by extractions.source_id, lower(trim(extractions.buyer_name)),
            extractions.contract_type, extractions.capacity_mw,
            lower(coalesce(extractions.project_name, ''))
        order by documents.vintage, documents.url, extractions.event_index
    ) = 1
),

filings as (
    select
        'sec_filing' as evidence_kind,
        source_id,
        any_value(entity_name order by vintage, source_row) as buyer_name,
        cast(null as varchar) as seller_name,
        cast(null as varchar) as project_name,
        cast(null as varchar) as technology,
        cast(null as double) as capacity_mw,
        cast(null as varchar) as contract_type,
        any_value(split_part(biz_states, ';', 1)) as state,
        'US' as country,
        min(file_date) as event_date,
        'day' as event_date_precision,
        cast(null as varchar) as quote,
        any_value(document_url order by vintage, source_row) as url,
        'structured' as extractor,
        any_value(form order by vintage, source_row) as form,
        string_agg(distinct query, '; ' order by query) as matched_queries,
        any_value(split_part(sics, ';', 1)) as sic,
        min(vintage) as vintage,
        any_value(content_sha256 order by vintage, source_row) as content_sha256,
        any_value(sheet order by vintage, source_row) as sheet,
        any_value(source_row order by vintage, source_row) as source_row,
        cik || ':' || accession as record_key
    from {{ ref('stg_sec_edgar_search__hits') }}
    group by source_id, cik, accession
),

listings as (
    select
        'gpp_listing' as evidence_kind,
        source_id,
        partner_name as buyer_name,
        cast(null as varchar) as seller_name,
        cast(null as varchar) as project_name,
        lower(green_power_resources) as technology,
        cast(null as double) as capacity_mw,
        cast(null as varchar) as contract_type,
        cast(null as varchar) as state,
        'US' as country,
        vintage as event_date,
        'vintage' as event_date_precision,
        cast(null as varchar) as quote,
        source_url as url,
        'structured' as extractor,
        cast(null as varchar) as form,
        list_name as matched_queries,
        cast(null as varchar) as sic,
        vintage,
        content_sha256,
        sheet,
        source_row,
        partner_name as record_key
    from {{ ref('stg_epa_gpp_partners__partners') }}
    qualify row_number() over (
        partition by partner_name order by vintage, list_name, source_row
    ) = 1
),

memberships as (
    select
        're100_membership' as evidence_kind,
        source_id,
        company as buyer_name,
        cast(null as varchar) as seller_name,
        cast(null as varchar) as project_name,
        cast(null as varchar) as technology,
        cast(null as double) as capacity_mw,
        cast(null as varchar) as contract_type,
        cast(null as varchar) as state,
        cast(null as varchar) as country,
        coalesce(make_date(year_joined, 1, 1), vintage) as event_date,
        case when year_joined is not null then 'year' else 'vintage' end as event_date_precision,
        cast(null as varchar) as quote,
        coalesce(company_url, source_url) as url,
        'structured' as extractor,
        cast(null as varchar) as form,
        re100_target as matched_queries,
        cast(null as varchar) as sic,
        vintage,
        content_sha256,
        sheet,
        source_row,
        company as record_key
    from {{ ref('stg_re100_members__members') }}
    qualify row_number() over (partition by company order by vintage, source_row) = 1
),

events as (
    select * from announcements
    union all by name
    select * from filings
    union all by name
    select * from listings
    union all by name
    select * from memberships
)

select
    events.source_id || ':' || md5(events.evidence_kind || '|' || events.record_key) as event_key,
    events.evidence_kind,
    events.source_id,
    events.buyer_name,
    buyer_alias.org_id,
    events.seller_name,
    seller_alias.org_id as seller_org_id,
    events.project_name,
    events.technology,
    events.capacity_mw,
    events.contract_type,
    events.state,
    events.country,
    events.event_date,
    events.event_date_precision,
    events.event_date_precision = 'vintage'
        and events.event_date <= coverage.coverage_start as is_left_censored,
    coalesce(starts_with(events.sic, '49'), false) as is_energy_company,
    events.quote,
    events.url,
    events.extractor,
    events.form,
    events.matched_queries,
    events.record_key,
    events.vintage,
    events.content_sha256,
    events.sheet,
    events.source_row
from events
left join coverage on coverage.source_id = events.source_id
left join {{ source('identity', 'organization_alias') }} as buyer_alias
    on buyer_alias.source_id = events.source_id
    and buyer_alias.raw_name = trim(events.buyer_name)
left join {{ source('identity', 'organization_alias') }} as seller_alias
    on seller_alias.source_id = events.source_id
    and seller_alias.raw_name = trim(events.seller_name)
