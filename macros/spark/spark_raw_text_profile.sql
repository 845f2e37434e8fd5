{#- Spark's raw_text_profile (see macros/raw_files/raw_text_profile.sql) for one raw file table:
    its line count and the shape of its text values, with the same column names, so that
    choose_decimal_separator and choose_date_format decide as they do on DuckDB; plus
    replacement_characters, the lines whose text holds U+FFFD (bytes that are not UTF-8: the file
    is then read again as Latin-1). -#}
{% macro spark_raw_text_profile(table, columns) -%}
    {%- set day_month_year = "'^\\\\s*(\\\\d{1,2})[/.-](\\\\d{1,2})[/.-]\\\\d{4}(\\\\D|$)'" -%}
    select
        count(*) as line_count
        {%- for field, label in [('Quantity', 'quantity'), ('Price', 'price')] if columns[field][1] == 'VARCHAR' %}
        {%- set value = 'trim(`' ~ columns[field][0] ~ '`)' %},
        count(nullif({{ value }}, '')) as {{ label }}_values,
        count(case when {{ value }} rlike '^[-+]?\\d+$' then 1 end) as {{ label }}_integers,
        count(case when {{ value }} rlike '^[-+]?\\d*\\.\\d+$'
            and not {{ value }} rlike '^[-+]?\\d{1,3}(\\.\\d{3})+$' then 1 end) as {{ label }}_dot_decimals,
        count(case when {{ value }} rlike '^[-+]?\\d*,\\d+$'
            and not {{ value }} rlike '^[-+]?\\d{1,3}(,\\d{3})+$' then 1 end) as {{ label }}_comma_decimals,
        min(case when not {{ value }} rlike '^[-+]?(\\d+|\\d*[.,]\\d+)$' then {{ value }} end) as {{ label }}_example
        {%- endfor %}
        {%- if columns['InvoiceDate'][1] == 'VARCHAR' %}
        {%- set value = 'trim(`' ~ columns['InvoiceDate'][0] ~ '`)' %},
        count(nullif({{ value }}, '')) as date_values,
        count(try_cast({{ value }} as timestamp)) as date_iso,
        count(case when {{ value }} rlike '^\\d{1,2}/\\d{1,2}/\\d{4}(\\D|$)' then 1 end) as date_slash,
        count(case when {{ value }} rlike '^\\d{1,2}\\.\\d{1,2}\\.\\d{4}(\\D|$)' then 1 end) as date_dot,
        count(case when {{ value }} rlike '^\\d{1,2}-\\d{1,2}-\\d{4}(\\D|$)' then 1 end) as date_dash,
        max(try_cast(regexp_extract({{ value }}, {{ day_month_year }}, 1) as int)) as date_first_field_max,
        max(try_cast(regexp_extract({{ value }}, {{ day_month_year }}, 2) as int)) as date_second_field_max,
        count(case when {{ value }} rlike '\\d:\\d\\d' then 1 end) as date_with_time,
        count(case when {{ value }} rlike '\\d:\\d\\d:\\d\\d' then 1 end) as date_with_seconds,
        count(case when {{ value }} rlike '\\d\\s*[AaPp][Mm]$' then 1 end) as date_with_am_pm,
        min(case when try_cast({{ value }} as timestamp) is null
            and not {{ value }} rlike {{ day_month_year }} then {{ value }} end) as date_example
        {%- endif %}
        {%- set texts = [] %}
        {%- for field in ['Description', 'Country'] if field in columns and columns[field][1] == 'VARCHAR' %}
            {%- do texts.append('coalesce(`' ~ columns[field][0] ~ '`, \'\')') %}
        {%- endfor %}
        {%- if texts %},
        count(case when instr({{ texts | join(' || ') }}, '\uFFFD') > 0 then 1 end) as replacement_characters
        {%- endif %}
    from {{ table }}
{%- endmacro %}
