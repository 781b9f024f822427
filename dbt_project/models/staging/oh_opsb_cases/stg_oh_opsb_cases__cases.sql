-- Ohio Power Siting Board page: solar and wind cases, and county restricted areas (SB 52,
-- R.C. 303.58), one row per table row per vintage. `record_kind` says which table.
with source as (
    select * from {{ source('oh_opsb_cases', 'oh_opsb_cases__cases') }}
)

select
    md5(concat_ws('|', vintage, content_sha256, sheet, source_row)) as row_key,
    source_id,
    vintage,
    case when case_number is not null then 'case' else 'restricted_area' end as record_kind,
    trim(case_number) as case_number,
    project_name,
    applicant,
    trim(county) as county,
    townships,
    case
        when sheet ilike '%solar%' then 'solar'
        when sheet ilike '%wind%' then 'wind'
    end as technology,
    try_cast(replace(capacity_mw, ',', '') as double) as capacity_mw,
    trim(status) as status,
    try_strptime(trim(application_filed), '%m/%d/%Y')::date as application_filed_date,
    try_strptime(trim(decision_date), '%m/%d/%Y')::date as decision_date,
    sb_52_status,
    ad_hoc_members,
    case_number_url,
    resolution,
    try_strptime(trim(adopted), '%m/%d/%Y')::date as adopted_date,
    try_strptime(trim(effective), '%m/%d/%Y')::date as effective_date,
    restricted_area,
    facility_types,
    referendum,
    coalesce(referendum ilike 'Rejected by voters%', false) as rejected_by_voters,
    resolution_url,
    application_filed,
    decision_date as decision_date_text,
    adopted,
    effective,
    source_url,
    content_sha256,
    sheet,
    source_row,
    fetched_at
from source
