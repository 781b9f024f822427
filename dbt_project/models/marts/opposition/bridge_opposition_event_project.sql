-- Links opposition events to the projects they may affect: a project of marts.dim_project
-- (every source, EIA-860M included) in the event's county (dim_project state + county_key
-- mapped to FIPS through int_us_counties) whose fuel the event's technology covers:
--   solar -> solar, hybrid; wind -> wind, hybrid; wind_and_solar or unstated -> solar, wind,
--   hybrid. Storage, gas and other fuels are never linked.
-- An event that names a project links only to the projects of that county whose name is
-- similar (Jaro-Winkler of the organization keys >= 0.85) when there is one (link_basis
-- 'named_project', EIA-860M plants included); otherwise to every queue project (not the
-- EIA-860M plants: built plants are not what a new ordinance stops) of the county and
-- technology (link_basis 'county_technology').
-- Through the project the event reaches its attributed developer (attributed_org_id).
-- Events without a county (state laws, news with no place) link to no project.
with events as (
    select * from {{ ref('fct_opposition_event') }}
    where county_fips is not null
),

projects as (
    select dim.*, counties.county_fips
    from {{ ref('dim_project') }} as dim
    inner join {{ ref('int_us_counties') }} as counties
        on counties.state = upper(dim.state)
        and counties.county_key = dim.county_key
    where dim.fuel in ('solar', 'wind', 'hybrid')
),

candidates as (
    select
        events.event_key,
        projects.project_key,
        projects.source_id as project_source_id,
        projects.project_name,
        projects.fuel,
        projects.attributed_developer_key,
        projects.attributed_developer_name,
        projects.attributed_org_id,
        coalesce(jaro_winkler_similarity(
            {{ organization_key('events.project_name') }},
            {{ organization_key('projects.project_name') }}
        ) >= 0.85, false) as name_match
    from events
    inner join projects
        on projects.county_fips = events.county_fips
        and (
            projects.fuel = 'hybrid'
            or events.technology is null
            or events.technology = 'wind_and_solar'
            or events.technology = projects.fuel
        )
)

select
    event_key,
    project_key,
    project_source_id,
    project_name,
    fuel,
    attributed_developer_key,
    attributed_developer_name,
    attributed_org_id,
    case when name_match then 'named_project' else 'county_technology' end as link_basis
from candidates
qualify (name_match or not bool_or(name_match) over (partition by event_key))
    and (name_match or project_source_id <> 'eia860m')
