{#- A SQL expression that fails the query with `message` (an SQL string expression) when it is
    evaluated, so that a data test can stop the build with a message naming the cause. -#}
{% macro raise_data_error(message) -%}
    {{ return(adapter.dispatch('raise_data_error', 'customer_value')(message)) }}
{%- endmacro %}

{% macro default__raise_data_error(message) -%}
    raise_error({{ message }})
{%- endmacro %}

{% macro duckdb__raise_data_error(message) -%}
    error({{ message }})
{%- endmacro %}
