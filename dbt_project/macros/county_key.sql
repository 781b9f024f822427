{# County names as publishers write them ("Pecos County", "PECOS", "St. Lucie") folded to
   one key ("pecos", "st lucie"). #}
{% macro county_key(expression) -%}
    nullif(trim(regexp_replace(
        regexp_replace(lower({{ expression }}), '[^a-z0-9]+', ' ', 'g'),
        '\s+(county|parish|borough|census area)\s*$', ''
    )), '')
{%- endmacro %}
