-- How honest the developer view can be: per source, at its latest vintage, the share of
-- listed projects and of MW that carry a developer name (the source's own), and the share
-- after borrowing the operator of a linked EIA-860M plant. Most ISOs publish no developer.
with latest as (
    select projects.*
    from {{ ref('int_project_vintages') }} as projects
    where not is_junk and not is_terminal_stage
    qualify vintage = max(vintage) over (partition by source_id)
)

select
    latest.source_id,
    any_value(latest.iso) as iso,
    max(latest.vintage) as vintage,
    count(*) as projects,
    count(latest.developer_name) as projects_with_developer,
    round(count(latest.developer_name) / count(*), 4) as share_projects_named,
    round(sum(latest.capacity_mw), 1) as capacity_mw,
    round(coalesce(sum(latest.capacity_mw) filter (where latest.developer_name is not null), 0), 1)
        as capacity_mw_with_developer,
    round(
        coalesce(sum(latest.capacity_mw) filter (where latest.developer_name is not null), 0)
        / nullif(sum(latest.capacity_mw), 0), 4
    ) as share_mw_named,
    round(count(dim.attributed_developer_name) / count(*), 4) as share_projects_attributed
from latest
left join {{ ref('dim_project') }} as dim on dim.project_key = latest.project_key
group by latest.source_id
