{#- One query over a group of raw files (same layout) giving, per file, the line count and the
    shape of its text values: how Quantity and Price write decimals, which date layouts
    InvoiceDate uses and the largest first and second date fields (a field above 12 is a day),
    and, for a compressed CSV read as Latin-1, how many UTF-8 byte pairs it holds. One scan of the files. -#}
{% macro raw_text_profile(files) -%}
    {%- set columns = files[0]['mapping'] -%}
    {%- set day_month_year = "'^\\s*(\\d{1,2})[/.-](\\d{1,2})[/.-]\\d{4}\\b'" -%}
    select
        filename,
        count(*) as line_count
        {%- for field, label in [('Quantity', 'quantity'), ('Price', 'price')]
            if columns[field][1] == 'VARCHAR' %}
        {%- set value = 'trim("' ~ columns[field][0] ~ '")' %},
        count(nullif({{ value }}, '')) as {{ label }}_values,
        count(case when regexp_full_match({{ value }}, '[-+]?\d+') then 1 end) as {{ label }}_integers,
        {#- 1.000 and 1,000 may be grouped thousands in either convention: they count for neither -#}
        count(case when regexp_full_match({{ value }}, '[-+]?\d*\.\d+')
            and not regexp_full_match({{ value }}, '[-+]?\d{1,3}(\.\d{3})+') then 1 end) as {{ label }}_dot_decimals,
        count(case when regexp_full_match({{ value }}, '[-+]?\d*,\d+')
            and not regexp_full_match({{ value }}, '[-+]?\d{1,3}(,\d{3})+') then 1 end) as {{ label }}_comma_decimals,
        min(case when not regexp_full_match({{ value }}, '[-+]?(\d+|\d*[.,]\d+)') then {{ value }} end)
            as {{ label }}_example
        {%- endfor %}
        {%- if columns['InvoiceDate'][1] == 'VARCHAR' %}
        {%- set value = 'trim("' ~ columns['InvoiceDate'][0] ~ '")' %},
        count(nullif({{ value }}, '')) as date_values,
        count(try_cast({{ value }} as timestamp)) as date_iso,
        count(case when regexp_matches({{ value }}, '^\d{1,2}/\d{1,2}/\d{4}\b') then 1 end) as date_slash,
        count(case when regexp_matches({{ value }}, '^\d{1,2}\.\d{1,2}\.\d{4}\b') then 1 end) as date_dot,
        count(case when regexp_matches({{ value }}, '^\d{1,2}-\d{1,2}-\d{4}\b') then 1 end) as date_dash,
        max(try_cast(regexp_extract({{ value }}, {{ day_month_year }}, 1) as integer)) as date_first_field_max,
        max(try_cast(regexp_extract({{ value }}, {{ day_month_year }}, 2) as integer)) as date_second_field_max,
        count(case when regexp_matches({{ value }}, '\d:\d\d') then 1 end) as date_with_time,
        count(case when regexp_matches({{ value }}, '\d:\d\d:\d\d') then 1 end) as date_with_seconds,
        count(case when regexp_matches({{ value }}, '\d\s*[AaPp][Mm]$') then 1 end) as date_with_am_pm,
        min(case when try_cast({{ value }} as timestamp) is null
            and not regexp_matches({{ value }}, {{ day_month_year }}) then {{ value }} end) as date_example
        {%- endif %}
        {%- if files[0]['file_format'] == 'csv' and not files[0]['is_encoding_settled'] %},
        count(case when regexp_matches(
            {%- for field in ['Description', 'Country'] if field in columns %}
            coalesce("{{ columns[field][0] }}", ''){{ " || " if not loop.last }}
            {%- endfor %}, '[Â-ô][\x{80}-\x{BF}]') then 1 end) as utf8_sequences
        {%- endif %}
    from {{ raw_file_reader(files) }}
    group by filename
{%- endmacro %}
