-- The Census 2020 county list (data/reference/us_counties.csv: 50 states, DC and the
-- territories), read in place (no seed copy). The file lists a county's current name first,
-- then former or alternative names (Kusilvak / Wade Hampton, Kings County / Brooklyn
-- Borough) under the same FIPS: one row per (state, name key), is_primary_name marking the
-- first name of each FIPS. county_key() folds publishers' spellings ("Pecos County",
-- "PECOS") to one key. The default path is <dbt project dir>/../data/reference, whatever the
-- working directory (dagster-dbt runs dbt inside the project dir; the CLI may pass
-- --project-dir from elsewhere); override with var('reference_dir').
{%- set project_dir = (invocation_args_dict.get('project_dir') or '.') | string %}

with counties as (
    select
        state_fips,
        upper(trim(state)) as state,
        state_name,
        lpad(trim(county_fips), 5, '0') as county_fips,
        county_name,
        {{ county_key("county_name") }} as county_key,
        row_number() over () as file_row
    from read_csv(
        '{{ var("reference_dir", project_dir ~ "/../data/reference") }}/us_counties.csv',
        header = true,
        all_varchar = true
    )
)

select
    state_fips,
    state,
    state_name,
    county_fips,
    county_name,
    county_key,
    state || ':' || county_key as state_county_key,
    file_row = min(file_row) over (partition by county_fips) as is_primary_name
from counties
qualify row_number() over (partition by state, county_key order by file_row) = 1
