{#- The CTE keyword that makes the engine compute a CTE in each query that reads it instead of
    holding all its rows: DuckDB otherwise materializes a CTE read twice (on 100 million raw
    lines, every column of every line in memory and spilled to disk), where reading the file
    again costs less. Engines without the keyword inline CTEs anyway. -#}
{% macro not_materialized() -%}
    {{ return(adapter.dispatch('not_materialized', 'customer_value')()) }}
{%- endmacro %}

{% macro default__not_materialized() -%}{%- endmacro %}

{% macro duckdb__not_materialized() -%}not materialized{%- endmacro %}
