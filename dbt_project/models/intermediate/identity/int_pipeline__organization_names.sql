-- Organization names of the pipeline sources: every developer a queue or LBNL names and
-- every EIA-860M entity (int_project_vintages carries the entity as developer_name).
select distinct
    source_id,
    trim(developer_name) as raw_name,
    cast(null as varchar) as cik,
    cast(null as varchar) as tickers
from {{ ref('int_project_vintages') }}
where nullif(trim(developer_name), '') is not null
