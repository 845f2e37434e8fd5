{#- The last day of the analysis as a SQL date expression: var('observation_end_date') when set,
    else the last invoice date of the staged lines. Later lines are quarantined. -#}
{% macro observation_end_date() -%}
    {%- set configured = var('observation_end_date', none) -%}
    {%- if configured -%}
        {%- if not modules.re.match('^\d{4}-\d{2}-\d{2}$', configured | string) -%}
            {{ exceptions.raise_compiler_error(
                "var observation_end_date = '" ~ configured ~ "' is not a date: write it as YYYY-MM-DD, "
                ~ "or leave it unset to use the last invoice date.") }}
        {%- endif -%}
        cast('{{ configured }}' as date)
    {%- elif reads_spark_output() -%}
        {#- the DuckDB half of a Spark build: the observation end the Spark half used -#}
        (select max(observation_end_date) from {{ spark_output_reader('customer_rfm') }})
    {%- else -%}
        (select max(invoice_date) from {{ ref('stg_online_retail__transactions') }})
    {%- endif -%}
{%- endmacro %}
