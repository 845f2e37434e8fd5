{#- Whether this run is the DuckDB half of a Spark build: var spark_output_path is set and the
    target is not Spark, so the customer-level tables come from Spark's Parquet output
    (README "Running on Spark") instead of being built from the raw files. -#}
{% macro reads_spark_output() -%}
    {{ return(var('spark_output_path', none) is not none and target.type != 'spark') }}
{%- endmacro %}
