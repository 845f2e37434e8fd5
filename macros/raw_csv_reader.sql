{#- DuckDB reader for raw CSV lines: every column as text, so a bad value becomes a quarantined
    line instead of a failed read. -#}
{% macro raw_csv_reader(quoted_path, encoding) -%}
    read_csv({{ quoted_path }}, header = true, all_varchar = true, union_by_name = true, encoding = '{{ encoding }}')
{%- endmacro %}
