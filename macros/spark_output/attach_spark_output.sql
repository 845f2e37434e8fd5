{#- The DuckDB half of a Spark build (on-run-start, via read_raw_transactions, when var
    spark_output_path is set): for every model tagged spark_output, a table with the model's own
    name copied from the Parquet folder the spark target wrote (spark_output_reader), replacing
    what a DuckDB build left there; a copy, so the warehouse (and what publish serves) does not
    depend on the folder afterwards. The Python stage and the marts after it (selector after_spark) then
    read the Spark-built customer-level tables through their usual ref()s. Stops the run naming
    the folder when a table is missing. -#}
{% macro attach_spark_output() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set attached = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and 'spark_output' in node.tags -%}
        {%- set found = run_query("select count(*) from glob('" ~ (spark_output_location() ~ '/' ~ node.alias
            ~ '/*.parquet') | replace("'", "''") ~ "')").rows[0][0] -%}
        {%- if found == 0 -%}
            {{ exceptions.raise_compiler_error("var spark_output_path = '" ~ spark_output_location() ~ "': no Parquet files in "
                ~ node.alias ~ "/. Build the SQL layer there first: dbt build --target spark --selector spark_sql_layer "
                ~ "--vars '{spark_output_path: " ~ spark_output_location() ~ "}'") }}
        {%- endif -%}
        {%- set existing = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias) -%}
        {%- if existing is not none -%}{%- do adapter.drop_relation(existing) -%}{%- endif -%}
        {%- do run_query("create schema if not exists " ~ node.schema ~ "; create table " ~ node.schema ~ "." ~ node.alias
            ~ " as select * from " ~ spark_output_reader(node.alias)) -%}
        {%- do attached.append(node.alias) -%}
    {%- endfor -%}
    {{ log("Spark output " ~ spark_output_location() ~ ": " ~ attached | join(', '), info=true) }}
{% endmacro %}
