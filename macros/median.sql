{#- Median of a column: DuckDB and Postgres-like engines use percentile_cont; dispatchable. -#}
{% macro median(column) -%}
    {{ return(adapter.dispatch('median', 'customer_value')(column)) }}
{%- endmacro %}

{% macro default__median(column) -%}
    percentile_cont(0.5) within group (order by {{ column }})
{%- endmacro %}
