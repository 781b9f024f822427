{# The final select of a queue staging model: the contract columns of the typed relation, in
   contract order, with stage (status_stage_map on source_id and raw_status = status_raw) and
   fuel (canonical_fuel of the fuel_from column, technology unless the model spells its codes
   out in another column). The typed relation provides every other contract column, including
   project_vintage_key, iso, developer_name (null where the source has none), record_kind and
   is_junk; its other columns are dropped. #}
{% macro staged_projects(typed_relation='typed', fuel_from='technology') -%}
    {%- set columns = [
        'project_vintage_key', 'vintage', 'source_id', 'iso', 'project_id', 'project_name',
        'developer_name', 'poi_name', 'status_raw', 'stage', 'record_kind', 'queue_date',
        'proposed_cod', 'in_service_date', 'withdrawal_date', 'state', 'county', 'technology',
        'fuel', 'capacity_mw', 'is_junk', 'sheet', 'source_row', 'source_url', 'content_sha256',
        'fetched_at'
    ] -%}
select
    {%- for column in columns %}
    {% if column == 'stage' -%}
        stage_map.stage
    {%- elif column == 'fuel' -%}
        {{ canonical_fuel(typed_relation ~ '.' ~ fuel_from) }} as fuel
    {%- else -%}
        {{ typed_relation }}.{{ column }}
    {%- endif -%}
    {{ ',' if not loop.last }}
    {%- endfor %}
from {{ typed_relation }}
left join {{ ref('status_stage_map') }} as stage_map
    on stage_map.source_id = {{ typed_relation }}.source_id
    and stage_map.raw_status = {{ typed_relation }}.status_raw
{%- endmacro %}
