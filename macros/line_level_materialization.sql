{#- The materialization of the incremental line-level models (staging, the netting, the load log):
    incremental on DuckDB (README "Running it every month"); a full table on Spark, where every
    build reads all the files (the monthly incremental loads are DuckDB's). -#}
{% macro line_level_materialization() -%}
    {{ return(adapter.dispatch('line_level_materialization', 'customer_value')()) }}
{%- endmacro %}

{% macro default__line_level_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__line_level_materialization() -%}
    {{ return('table') }}
{%- endmacro %}
