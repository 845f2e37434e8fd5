{#- Where the spark target writes the tables tagged spark_output, as a dbt-spark location_root:
    var spark_output_path, else target/spark-output in the project folder. Each table is a folder
    of Parquet files, <location>/<table name>/part-*.parquet, which the DuckDB target reads when
    run with the same var (attach_spark_output). -#}
{% macro spark_output_location() -%}
    {{ return(var('spark_output_path', none) or 'target/spark-output') }}
{%- endmacro %}
