-- Every organization name in the warehouse, once per source: what entity resolution
-- (marts.organization_alias, written by a Python asset) resolves to one org_id each. The
-- domains are listed in var organization_name_models; a build leaves out the domains whose
-- sources were never landed. A name seen with a CIK or tickers in its source keeps them.
with names as (
    {% for model in var('organization_name_models') %}
    select source_id, raw_name, cik, tickers from {{ ref(model) }}
    {% if not loop.last %}union all{% endif %}
    {% else %}
    select
        cast(null as varchar) as source_id, cast(null as varchar) as raw_name,
        cast(null as varchar) as cik, cast(null as varchar) as tickers
    where false
    {% endfor %}
)

select
    source_id || '|' || raw_name as alias_key,
    source_id,
    raw_name,
    max(cik) as cik,
    nullif(string_agg(distinct tickers, ',' order by tickers), '') as tickers
from names
group by source_id, raw_name
