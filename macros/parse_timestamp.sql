{#- A raw InvoiceDate as a timestamp: native timestamps and ISO text cast directly, other text is
    read with var('raw_date_format'). Null when neither works. -#}
{% macro parse_timestamp(column) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'customer_value')(column)) }}
{%- endmacro %}

{% macro default__parse_timestamp(column) -%}
    coalesce(
        try_cast({{ column }} as timestamp),
        try_strptime(cast({{ column }} as varchar), '{{ var("raw_date_format") }}')
    )
{%- endmacro %}
