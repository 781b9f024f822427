-- New York ORES permit applications: one row per matter per vintage, typed. ORES writes
-- dates M/D/YYYY; statuses map to opposition events in int_opposition_structured_events.
select
    vintage || ':' || trim(matter_number) as matter_vintage_key,
    source_id,
    vintage,
    trim(matter_number) as matter_number,
    facility_name,
    applicant,
    county,
    towns,
    facility_type,
    case
        when facility_type ilike '%solar%' and facility_type ilike '%wind%' then 'wind_and_solar'
        when facility_type ilike '%solar%' then 'solar'
        when facility_type ilike '%wind%' then 'wind'
    end as technology,
    try_cast(replace(nameplate_capacity_mw, ',', '') as double) as nameplate_capacity_mw,
    trim(status) as status,
    try_strptime(trim(application_filed), '%m/%d/%Y')::date as application_filed_date,
    try_strptime(trim(application_complete), '%m/%d/%Y')::date as application_complete_date,
    try_strptime(trim(decision_date), '%m/%d/%Y')::date as decision_date,
    application_filed,
    application_complete,
    decision_date as decision_date_text,
    matter_number_url,
    source_url,
    content_sha256,
    sheet,
    source_row,
    fetched_at
from {{ source('ny_ores_permits', 'ny_ores_permits__matters') }}
