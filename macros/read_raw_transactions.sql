{#- The on-run-start hook: makes source('online_retail', 'transactions') and ('online_retail',
    'raw_files') point at the raw files, on the target's engine. DuckDB: the file reading of
    macros/raw_files/ (create_raw_transactions_view). Spark: spark_create_raw_transactions_view
    (macros/spark/), which reads the common export forms with Spark's own readers. With var
    spark_output_path set (the DuckDB half of a Spark build, README "Running on Spark") no raw
    file is read: the customer-level tables come from Spark's Parquet output instead. -#}
{% macro read_raw_transactions() %}
    {{ return(adapter.dispatch('read_raw_transactions', 'customer_value')()) }}
{% endmacro %}

{% macro default__read_raw_transactions() %}
    {%- if reads_spark_output() -%}
        {{ return(attach_spark_output()) }}
    {%- endif -%}
    {{ return(create_raw_transactions_view()) }}
{% endmacro %}

{% macro spark__read_raw_transactions() %}
    {{ return(spark_create_raw_transactions_view()) }}
{% endmacro %}
