-- One row per opposition event: the events sources state as structured fields
-- (int_opposition_structured_events, extractor 'structured') and the events extracted from
-- documents (staging.opposition_extractions, status 'ok', extractor 'llm' or 'heuristic').
-- * Provenance: a structured event keeps its own row's (content_sha256, sheet, source_row,
--   vintage); an extracted event the provenance of its document (int_opposition_documents:
--   the first vintage the text was seen in). Both name a row of the source's raw table; a
--   file landed unchanged under two vintages has that row twice, so the vintage is in the key.
-- * Geography: county_fips is the extractor's FIPS when it is a real county of the event's
--   state, else the county named by the source's county cell, else a county named in the
--   jurisdiction ("Protect Halifax County" -> Halifax, VA), else, for documents without a
--   state (news), the single county whose "<name> County, <State>" the text mentions.
--   Matching is by state + county_key() against int_us_counties (Census 2020).
-- * event_date: a date; 'YYYY-MM' and 'YYYY' are the first day of the month / year; no date
--   at all -> the first vintage that showed the event (event_date_precision 'first_seen').
-- * level: 'state' for state laws and state siting-board decisions (ORES, OPSB cases and
--   hearings), 'local' for everything else (ordinances, moratoria, county restricted areas,
--   local permit denials, lawsuits, news of local fights). Used by the NCSL weight.
-- * quote_found: the quote occurs verbatim in its source text: the document text for an
--   extracted event, the concatenated cells of its raw row for a structured one.
-- * duplicate_of_event_key: an extracted event that restates a structured event of the same
--   source (same raw row, or same project and event type), or an earlier extracted event of
--   the same source with the same type and quote (a feed item and its article page), points
--   at it and is left out of the signal, so one decision is never counted twice.
-- * Project / developer links live in bridge_opposition_event_project (county + technology)
--   and here in developer_key (a developer named by the event itself).
{%- set structured_raw = [
    ('nrel_wind_ordinances', 'nrel_wind_ordinances__rules'),
    ('nrel_solar_ordinances', 'nrel_solar_ordinances__rules'),
    ('ny_ores_permits', 'ny_ores_permits__matters'),
    ('oh_opsb_cases', 'oh_opsb_cases__cases'),
    ('sabin_interim_csv', 'sabin_interim_csv__entries'),
] %}

with counties as (
    select * from {{ ref('int_us_counties') }}
),

documents as (
    select * from {{ ref('int_opposition_documents') }}
),

raw_cells as (
    {%- for source_name, table_name in structured_raw %}
    select
        '{{ source_name }}' as source_id, vintage, content_sha256, sheet, source_row,
        concat_ws(chr(31), *columns(*)) as cells
    from {{ source(source_name, table_name) }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

structured as (
    select
        events.event_key,
        events.source_id,
        events.event_type,
        events.jurisdiction,
        events.state,
        cast(null as varchar) as extracted_county_fips,
        events.county_text,
        events.technology as technology_raw,
        events.project_name,
        events.developer_name,
        coalesce(events.event_date, events.vintage) as event_date,
        case when events.event_date is null then 'first_seen' else events.event_date_precision end
            as event_date_precision,
        events.outcome,
        events.quote,
        coalesce(row_document.url, events.source_url) as url,
        events.extractor,
        cast(null as varchar) as model,
        cast(null as varchar) as prompt_version,
        cast(null as varchar) as document_sha256,
        events.vintage,
        events.content_sha256,
        events.sheet,
        events.source_row,
        events.source_url,
        events.fetched_at,
        coalesce(contains(raw_cells.cells, events.quote), false) as quote_found,
        cast(null as varchar) as document_text
    from {{ ref('int_opposition_structured_events') }} as events
    left join raw_cells
        on raw_cells.source_id = events.source_id
        and raw_cells.vintage = events.vintage
        and raw_cells.content_sha256 = events.content_sha256
        and raw_cells.sheet is not distinct from events.sheet
        and raw_cells.source_row = events.source_row
    left join documents as row_document
        on row_document.source_id = events.source_id
        and row_document.content_sha256 = events.content_sha256
        and row_document.sheet is not distinct from events.sheet
        and row_document.source_row = events.source_row
),

extracted as (
    select
        documents.source_id || ':' || extractions.extractor || ':' || md5(concat_ws('|',
            extractions.document_sha256, extractions.extractor, extractions.model,
            extractions.prompt_version, cast(extractions.event_index as varchar))) as event_key,
        documents.source_id,
        extractions.event_type,
        extractions.jurisdiction,
        upper(coalesce(nullif(trim(extractions.state), ''), documents.state)) as state,
        nullif(trim(extractions.county_fips), '') as extracted_county_fips,
        documents.county_text,
        extractions.technology as technology_raw,
        nullif(trim(extractions.project_name), '') as project_name,
        nullif(trim(extractions.developer_name), '') as developer_name,
        coalesce(
            case length(trim(extractions.event_date))
                when 10 then try_cast(trim(extractions.event_date) as date)
                when 7 then try_cast(trim(extractions.event_date) || '-01' as date)
                when 4 then try_cast(trim(extractions.event_date) || '-01-01' as date)
            end,
            documents.vintage
        ) as event_date,
        case
            when length(trim(extractions.event_date)) = 10
                and try_cast(trim(extractions.event_date) as date) is not null then 'day'
            when length(trim(extractions.event_date)) = 7
                and try_cast(trim(extractions.event_date) || '-01' as date) is not null then 'month'
            when length(trim(extractions.event_date)) = 4
                and try_cast(trim(extractions.event_date) || '-01-01' as date) is not null then 'year'
            else 'first_seen'
        end as event_date_precision,
        extractions.outcome,
        extractions.quote,
        coalesce(extractions.url, documents.url) as url,
        extractions.extractor,
        extractions.model,
        extractions.prompt_version,
        extractions.document_sha256,
        documents.vintage,
        documents.content_sha256,
        documents.sheet,
        documents.source_row,
        cast(null as varchar) as source_url,
        cast(null as timestamp) as fetched_at,
        coalesce(contains(documents.text, extractions.quote), false) as quote_found,
        documents.text as document_text
    from {{ source('opposition_extraction', 'opposition_extractions') }} as extractions
    inner join documents on documents.document_sha256 = extractions.document_sha256
    where extractions.status = 'ok'
),

events as (
    select * from structured
    union all by name
    select * from extracted
),

-- the county, by the first rule that finds one (see the header)
by_fips as (
    select events.event_key, counties.county_fips
    from events
    inner join counties
        on counties.is_primary_name
        and counties.county_fips = lpad(events.extracted_county_fips, 5, '0')
        and (events.state is null or counties.state = events.state)
),

by_county_text as (
    select events.event_key, counties.county_fips
    from events
    inner join counties
        on counties.state = events.state
        and counties.county_key = {{ county_key('events.county_text') }}
),

by_jurisdiction as (
    select events.event_key, counties.county_fips
    from events
    inner join counties
        on counties.state = events.state
        and (' ' || trim(regexp_replace(lower(events.jurisdiction), '[^a-z0-9]+', ' ', 'g')) || ' ')
            similar to '.* ' || counties.county_key || ' (county|parish) .*'
    qualify row_number() over (
        partition by events.event_key order by length(counties.county_key) desc, counties.county_fips
    ) = 1
),

by_text as (
    -- documents that name no state: the one county written "<Name> County, <State name>"
    select events.event_key, counties.county_fips, counties.state
    from events
    inner join counties
        on events.state is null
        and events.document_text is not null
        and contains(
            ' ' || regexp_replace(lower(events.document_text), '[^a-z0-9]+', ' ', 'g') || ' ',
            ' ' || counties.county_key || ' county ' || lower(counties.state_name) || ' '
        )
    qualify count(*) over (partition by events.event_key) = 1
),

located as (
    select
        events.* exclude (state),
        coalesce(events.state, by_text.state) as state,
        coalesce(by_fips.county_fips, by_county_text.county_fips, by_jurisdiction.county_fips,
            by_text.county_fips) as county_fips
    from events
    left join by_fips using (event_key)
    left join by_county_text using (event_key)
    left join by_jurisdiction using (event_key)
    left join by_text using (event_key)
),

normalized as (
    select
        *,
        case
            when lower(technology_raw) in ('solar', 'pv', 'solar pv') then 'solar'
            when lower(technology_raw) in ('wind', 'onshore wind', 'offshore wind') then 'wind'
            when lower(technology_raw) in ('wind_and_solar', 'multiple', 'both', 'hybrid', 'wind and solar')
                then 'wind_and_solar'
        end as technology,
        {{ organization_key('developer_name') }} as developer_key,
        case
            when event_type = 'state_law' then 'state'
            when source_id in ('ny_ores_permits', 'oh_opsb_cases')
                and event_type <> 'restrictive_ordinance' then 'state'
            else 'local'
        end as level
    from located
),

duplicate_candidates as (
    -- an extracted event restating a structured event of the same source
    select extracted.event_key, min(structured.event_key) as duplicate_of_event_key
    from normalized as extracted
    inner join normalized as structured
        on structured.extractor = 'structured'
        and extracted.extractor <> 'structured'
        and structured.source_id = extracted.source_id
        and structured.event_type = extracted.event_type
        and (
            (structured.content_sha256 = extracted.content_sha256
                and structured.sheet is not distinct from extracted.sheet
                and structured.source_row = extracted.source_row)
            or {{ organization_key('structured.project_name') }}
                = {{ organization_key('extracted.project_name') }}
        )
    group by extracted.event_key

    union all

    -- the same quote of the same source told twice (a news feed item and its article page)
    select event_key, first_value(event_key) over restatement as duplicate_of_event_key
    from normalized
    where extractor <> 'structured'
    window restatement as (
        partition by source_id, event_type, quote order by vintage, event_key
    )
    qualify row_number() over restatement > 1
),

duplicates as (
    select event_key, min(duplicate_of_event_key) as duplicate_of_event_key
    from duplicate_candidates
    group by event_key
)

select
    normalized.event_key,
    normalized.source_id,
    normalized.event_type,
    normalized.level,
    normalized.jurisdiction,
    normalized.state,
    normalized.county_fips,
    counties.county_name,
    normalized.county_text,
    normalized.technology,
    normalized.technology_raw,
    normalized.project_name,
    normalized.developer_name,
    normalized.developer_key,
    developer_alias.org_id,
    normalized.event_date,
    normalized.event_date_precision,
    normalized.outcome,
    normalized.quote,
    normalized.quote_found,
    normalized.url,
    normalized.extractor,
    normalized.model,
    normalized.prompt_version,
    normalized.document_sha256,
    duplicates.duplicate_of_event_key,
    normalized.vintage,
    normalized.content_sha256,
    normalized.sheet,
    normalized.source_row,
    normalized.source_url,
    normalized.fetched_at
from normalized
left join counties
    on counties.is_primary_name and counties.county_fips = normalized.county_fips
left join duplicates on duplicates.event_key = normalized.event_key
left join {{ source('identity', 'organization_alias') }} as developer_alias
    on developer_alias.source_id = normalized.source_id
    and developer_alias.raw_name = trim(normalized.developer_name)
