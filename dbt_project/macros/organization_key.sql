{# A normalized key for an organization name: lower case, punctuation folded, trailing legal
   suffixes (LLC, Inc., Corp., L.P., Ltd., Co.) removed. "Prairie Wind Energy, LLC" and
   "PRAIRIE WIND ENERGY LLC" share a key; a project LLC keeps its own name (no parent is
   invented here). #}
{% macro organization_key(expression) -%}
    nullif(trim(regexp_replace(
        trim(regexp_replace(lower({{ expression }}), '[^a-z0-9]+', ' ', 'g')),
        '(\s+(l\s?l\s?c|inc|incorporated|corp|corporation|co|company|l\s?p|llp|ltd|limited))+$',
        ''
    )), '')
{%- endmacro %}
