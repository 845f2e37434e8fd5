{#- A Spark SQL string literal of `value` (backslashes and single quotes escaped). -#}
{% macro spark_sql_string(value) -%}
    '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
