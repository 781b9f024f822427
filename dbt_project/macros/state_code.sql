{# A state name or USPS code, as publishers write it ("Texas", "TX", "Washington D.C."),
   as its 2-letter USPS code; null when it is neither. #}
{%- macro state_code(expression) -%}
{%- set state_names = {'alabama':'AL','alaska':'AK','arizona':'AZ','arkansas':'AR','california':'CA','colorado':'CO','connecticut':'CT','delaware':'DE','district of columbia':'DC','washington dc':'DC','florida':'FL','georgia':'GA','hawaii':'HI','idaho':'ID','illinois':'IL','indiana':'IN','iowa':'IA','kansas':'KS','kentucky':'KY','louisiana':'LA','maine':'ME','maryland':'MD','massachusetts':'MA','michigan':'MI','minnesota':'MN','mississippi':'MS','missouri':'MO','montana':'MT','nebraska':'NE','nevada':'NV','new hampshire':'NH','new jersey':'NJ','new mexico':'NM','new york':'NY','north carolina':'NC','north dakota':'ND','ohio':'OH','oklahoma':'OK','oregon':'OR','pennsylvania':'PA','rhode island':'RI','south carolina':'SC','south dakota':'SD','tennessee':'TN','texas':'TX','utah':'UT','vermont':'VT','virginia':'VA','washington':'WA','west virginia':'WV','wisconsin':'WI','wyoming':'WY'} -%}
    case
        when upper(trim({{ expression }})) in ({% for c in state_names.values() | unique %}'{{ c }}'{{ ',' if not loop.last }}{% endfor %})
            then upper(trim({{ expression }}))
        {%- for name, code in state_names.items() %}
        when lower(regexp_replace(replace(trim({{ expression }}), '.', ''), '\s+', ' ', 'g')) = '{{ name }}' then '{{ code }}'
        {%- endfor %}
    end
{%- endmacro %}
