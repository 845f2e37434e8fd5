{#- The strptime formats for a day-month-year layout (order 'dmy' or 'mdy', separator '/', '.'
    or '-'), the most common time layout first. Returns [formats, label]. -#}
{% macro date_formats(layout) -%}
    {%- set s = layout['separator'] -%}
    {%- set day = '%d' ~ s ~ '%m' ~ s ~ '%Y' if layout['order'] == 'dmy' else '%m' ~ s ~ '%d' ~ s ~ '%Y' -%}
    {#- 12-hour times with or without a space before AM/PM; the 24-hour ones stay readable too -#}
    {%- set times = ['%I:%M %p', '%I:%M:%S %p', '%I:%M%p', '%I:%M:%S%p', '%H:%M', '%H:%M:%S']
        if layout['has_am_pm'] else ['%H:%M', '%H:%M:%S'] -%}
    {%- set formats = [] -%}
    {%- for time in (times | reverse if layout['has_seconds'] and not layout['has_am_pm'] else times) -%}
        {%- do formats.append(day ~ ' ' ~ time) -%}
    {%- endfor -%}
    {%- if layout['has_date_only'] -%}{%- do formats.append(day) -%}{%- endif -%}
    {{ return([formats, formats[0]]) }}
{%- endmacro %}
