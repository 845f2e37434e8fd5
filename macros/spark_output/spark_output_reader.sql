{#- DuckDB's reader of one table Spark wrote under var spark_output_path (a folder of Parquet files). -#}
{% macro spark_output_reader(name) -%}
    read_parquet('{{ (spark_output_location() ~ '/' ~ name ~ '/*.parquet') | replace("'", "''") }}')
{%- endmacro %}
