-- Organization names of the opposition sources: applicants on siting-board dockets and
-- developers named by events extracted from documents.
select distinct
    source_id,
    trim(developer_name) as raw_name,
    cast(null as varchar) as cik,
    cast(null as varchar) as tickers
from {{ ref('int_opposition_structured_events') }}
where nullif(trim(developer_name), '') is not null

union

select distinct
    source_id,
    trim(developer_name),
    cast(null as varchar),
    cast(null as varchar)
from {{ source('opposition_extraction', 'opposition_extractions') }}
where status = 'ok' and nullif(trim(developer_name), '') is not null
