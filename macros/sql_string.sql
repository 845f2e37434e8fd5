{#- A SQL string literal of `value` on the target's engine (quotes escaped its way). -#}
{% macro sql_string(value) -%}
    {{ return(adapter.dispatch('sql_string', 'customer_value')(value)) }}
{%- endmacro %}

{% macro default__sql_string(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__sql_string(value) -%}
    {{ spark_sql_string(value) }}
{%- endmacro %}
