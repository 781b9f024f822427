{# First day of a month from text year and month cells; null when either is blank or junk. #}
{% macro month_date(year_column, month_column) -%}
    case
        when try_cast({{ year_column }} as integer) between 1800 and 2200
            and try_cast({{ month_column }} as integer) between 1 and 12
        then make_date(try_cast({{ year_column }} as integer), try_cast({{ month_column }} as integer), 1)
    end
{%- endmacro %}
