-- Organization names of the procurement sources: EDGAR filers (with CIK and tickers, and
-- every former name EDGAR lists under the same CIK), Green Power partners, RE100 members,
-- and the buyers and sellers that extracted press releases name.
with edgar as (
    select source_id, entity_name as raw_name, cik, tickers
    from {{ ref('stg_sec_edgar_search__hits') }}

    union all

    select source_id, name, cik, tickers
    from {{ ref('stg_sec_edgar_submissions__companies') }}

    union all

    select source_id, unnest(from_json(former_names_json, '[{"name": "varchar"}]')).name, cik, null
    from {{ ref('stg_sec_edgar_submissions__companies') }}
    where former_names_json is not null
),

named as (
    select source_id, raw_name, cik, replace(tickers, '; ', ',') as tickers from edgar

    union all

    select source_id, partner_name, null, null from {{ ref('stg_epa_gpp_partners__partners') }}

    union all

    select source_id, company, null, null from {{ ref('stg_re100_members__members') }}

    union all

    select source_id, unnest([buyer_name, seller_name]), null, null
    from {{ source('procurement_extraction', 'procurement_extractions') }}
    where status = 'ok'
)

select distinct source_id, trim(raw_name) as raw_name, cik, tickers
from named
where nullif(trim(raw_name), '') is not null
