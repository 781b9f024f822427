{# The date signals are computed for: var as_of (passed from MAESTRO_AS_OF), else today. #}
{% macro as_of_date() -%}
    {%- if var('as_of', none) -%}date '{{ var("as_of") }}'{%- else -%}current_date{%- endif -%}
{%- endmacro %}
