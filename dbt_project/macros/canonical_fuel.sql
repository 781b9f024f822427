{# One vocabulary for technology across sources: solar, wind, offshore_wind, storage, hybrid
   (solar or wind with storage), gas, nuclear, hydro, geothermal, biomass, coal, oil, other. #}
{% macro canonical_fuel(expression) -%}
    {%- set text = "lower(" ~ expression ~ ")" -%}
    {%- set solar = "solar|photovoltaic|\\bpv\\b|\\bsun\\b" -%}
    {%- set wind = "wind|\\bwt\\b|\\bwnd\\b" -%}
    {%- set storage = "batter|storage|\\bbess\\b|\\bes\\b|\\bmwh\\b" -%}
    case
        when {{ expression }} is null then null
        when regexp_matches({{ text }}, '{{ solar }}|{{ wind }}')
            and regexp_matches({{ text }}, '{{ storage }}') then 'hybrid'
        when regexp_matches({{ text }}, 'offshore') then 'offshore_wind'
        when regexp_matches({{ text }}, '{{ solar }}') then 'solar'
        when regexp_matches({{ text }}, '{{ wind }}') then 'wind'
        when regexp_matches({{ text }}, '{{ storage }}') then 'storage'
        when regexp_matches({{ text }}, 'nuclear|\bnuc\b') then 'nuclear'
        when regexp_matches({{ text }}, 'hydro|\bwat\b|pumped') then 'hydro'
        when regexp_matches({{ text }}, 'geotherm') then 'geothermal'
        when regexp_matches({{ text }}, 'biomass|wood|landfill|biogas|\bmsw\b') then 'biomass'
        when regexp_matches({{ text }}, 'coal') then 'coal'
        when regexp_matches({{ text }}, 'gas|\bng\b|combined cycle|combustion turbine|\bcc\b|\bct\b') then 'gas'
        when regexp_matches({{ text }}, 'oil|diesel|petroleum') then 'oil'
        else 'other'
    end
{%- endmacro %}
