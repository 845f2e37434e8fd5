{#- The type of an instant (a file's modification time): DuckDB's timestamptz; Spark's timestamp,
    which is one (shown at the session time zone). -#}
{% macro type_timestamp_tz() -%}
    {{ return(adapter.dispatch('type_timestamp_tz', 'customer_value')()) }}
{%- endmacro %}

{% macro default__type_timestamp_tz() -%}
    timestamptz
{%- endmacro %}

{% macro spark__type_timestamp_tz() -%}
    timestamp
{%- endmacro %}
