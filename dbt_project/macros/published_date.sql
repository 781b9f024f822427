{# A date cell as a queue publisher wrote it, as a date (null when nothing reads it). Cells
   arrive as text: calamine renders date cells '2025-01-31 00:00:00' (with milliseconds on
   timestamps), text dates are m/d/yyyy, and an unformatted date cell is a bare Excel serial
   number (days since 1899-12-30, fraction of a day dropped). Per source:
   - formats: the strptime formats tried, in order, on text that is not a bare number;
   - two_digit_years: 'm/d/yy' text is read as %m/%d/%y before the formats are tried;
   - stata_days_below: a bare number below it is a Stata day count (days since 1960-01-01);
   - earliest: dates before it are placeholders for "unknown" and become null. #}
{% macro published_date(
    expression,
    formats=['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%g', '%Y-%m-%d', '%m/%d/%Y'],
    two_digit_years=false,
    stata_days_below=none,
    earliest=none
) -%}
    {%- set value = "trim(" ~ expression ~ ")" -%}
    {%- set days = "cast(floor(cast(" ~ value ~ " as double)) as integer)" -%}
    {%- set parsed -%}
    case
        {%- if two_digit_years %}
        when regexp_full_match({{ value }}, '\d{1,2}/\d{1,2}/\d{2}')
            then try_strptime({{ value }}, '%m/%d/%y')::date
        {%- endif %}
        when regexp_full_match({{ value }}, '\d{4,5}(\.\d+)?')
        {%- if stata_days_below is none %}
            then date '1899-12-30' + {{ days }}
        {%- else %}
            then case
                when cast({{ value }} as double) < {{ stata_days_below }}
                    then date '1960-01-01' + {{ days }}
                else date '1899-12-30' + {{ days }}
            end
        {%- endif %}
        else try_strptime({{ value }}, ['{{ formats | join("', '") }}'])::date
    end
    {%- endset -%}
    {%- if earliest is none -%}
    {{ parsed }}
    {%- else -%}
    case when {{ parsed }} >= date '{{ earliest }}' then {{ parsed }} end
    {%- endif -%}
{%- endmacro %}
