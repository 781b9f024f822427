-- Every text document the opposition extractor reads, one row per distinct text.
-- Sources: Sabin report entries (narrative), Sabin interim CSV rows (jurisdiction, state,
-- type, year and energy type, then the Description verbatim: the description alone repeats
-- across jurisdictions), news articles (page text) and feed items (title, then summary when
-- it adds anything), and board rows (ORES matters, OPSB cases and county restricted areas)
-- rendered as one sentence of their own cells. NREL rules are structured, not documents.
-- Identical text across vintages (or sources) is one document: the first vintage's row wins.
with documents as (
    select
        source_id, vintage, text,
        coalesce(footnote_url, source_url) as url,
        state, county as county_text, jurisdiction,
        content_sha256, sheet, source_row
    from {{ ref('stg_sabin_report__entries') }}
    where nullif(trim(text), '') is not null

    union all

    select
        source_id, vintage,
        concat_ws(' ',
            concat_ws(', ', jurisdiction, state_name) || ' ('
                || concat_ws(', ', entry_type, cast(year as varchar), energy_type) || '):',
            description
        ) as text,
        coalesce(article_url, source_url) as url,
        state,
        case when jurisdiction ilike '%county%' then jurisdiction end as county_text,
        jurisdiction,
        content_sha256, sheet, source_row
    from {{ ref('stg_sabin_interim_csv__entries') }}
    where nullif(trim(description), '') is not null

    union all

    select
        source_id, vintage,
        case
            when document_kind = 'article' then text
            when summary is null or trim(summary) = '' or starts_with(title, trim(summary))
                then title
            else title || E'\n' || summary
        end as text,
        case when document_kind = 'article' then coalesce(canonical_url, source_url)
            else coalesce(link, source_url) end as url,
        cast(null as varchar) as state,
        cast(null as varchar) as county_text,
        cast(null as varchar) as jurisdiction,
        content_sha256, sheet, source_row
    from {{ ref('stg_opposition_news__documents') }}
    where nullif(trim(coalesce(case when document_kind = 'article' then text else title end, '')), '') is not null

    union all

    select
        source_id, vintage,
        concat_ws(' ',
            facility_name || coalesce(' (' || facility_type || ', '
                || cast(nameplate_capacity_mw as varchar) || ' MW)', ''),
            coalesce('by ' || applicant, ''),
            coalesce('in ' || towns || ',', ''),
            county || ' County, New York:',
            'ORES matter ' || matter_number || ' status ' || status
                || coalesce(', decision date ' || decision_date_text, '') || '.'
        ) as text,
        coalesce(matter_number_url, source_url) as url,
        'NY' as state, county as county_text, coalesce(towns, county) as jurisdiction,
        content_sha256, sheet, source_row
    from {{ ref('stg_ny_ores_permits__matters') }}

    union all

    select
        source_id, vintage,
        case when record_kind = 'case' then concat_ws(' ',
            project_name || coalesce(' (' || cast(capacity_mw as varchar) || ' MW, ' || sheet || ')', ''),
            coalesce('by ' || applicant, ''),
            coalesce('in ' || townships || ',', ''),
            county || ' County, Ohio:',
            'OPSB case ' || case_number || ' status ' || status
                || coalesce(', decision date ' || decision_date_text, '') || '.'
        ) else concat_ws(' ',
            county || ' County, Ohio adopted resolution ' || coalesce(resolution, '(unnumbered)'),
            coalesce('on ' || adopted, ''),
            'designating ' || coalesce(restricted_area, 'an area')
                || ' a restricted area for ' || coalesce(facility_types, 'wind and solar facilities')
                || ' under R.C. 303.58',
            coalesce('(effective ' || effective || ')', '') || ';',
            'referendum: ' || coalesce(referendum, 'not stated') || '.'
        ) end as text,
        coalesce(case_number_url, resolution_url, source_url) as url,
        'OH' as state, county as county_text,
        coalesce(townships, restricted_area, county || ' County') as jurisdiction,
        content_sha256, sheet, source_row
    from {{ ref('stg_oh_opsb_cases__cases') }}
),

keyed as (
    select sha256(text) as document_sha256, *
    from documents
)

select
    document_sha256, source_id, vintage, text, url, state, county_text, jurisdiction,
    content_sha256, sheet, source_row
from keyed
qualify row_number() over (
    partition by document_sha256 order by vintage, source_id, content_sha256, sheet, source_row
) = 1
