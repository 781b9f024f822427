-- Every project of every pipeline source at every vintage, in one shape: the ISO queues,
-- LBNL Queued Up and EIA-860M (var project_models). Junk rows stay, flagged (is_junk), so
-- they can be counted; a project listed on two sheets of one file keeps the sheet that
-- says where it went (withdrawn / completed beat active), then the most advanced stage.
with unioned as (
    {% for model in var('project_models') %}
    select * from {{ ref(model) }}
    {% if not loop.last %}union all by name{% endif %}
    {% endfor %}
),

ranked as (
    select
        unioned.*,
        ladder.stage_order,
        coalesce(ladder.is_terminal, false) as is_terminal_stage,
        row_number() over (
            partition by unioned.source_id, unioned.project_id, unioned.vintage
            order by (unioned.record_kind = 'active') asc, ladder.stage_order desc nulls last,
                unioned.sheet, unioned.source_row
        ) as rank_in_vintage
    from unioned
    left join {{ ref('stage_ladder') }} as ladder on ladder.stage = unioned.stage
)

select
    source_id || ':' || project_id as project_key,
    * exclude (rank_in_vintage),
    {{ organization_key('developer_name') }} as developer_key,
    {{ county_key('county') }} as county_key
from ranked
where rank_in_vintage = 1
