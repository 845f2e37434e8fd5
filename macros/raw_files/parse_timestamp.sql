{#- A raw InvoiceDate as a timestamp: a timestamp or date column as it is (a time-zone-aware one
    at its UTC wall time, so the result does not depend on the machine); text as ISO 8601, else
    with the file's strptime formats (see choose_date_format), tried in order. Null when none
    reads it. -#}
{% macro parse_timestamp(column, data_type='VARCHAR', formats=none) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'customer_value')(column, data_type, formats)) }}
{%- endmacro %}

{% macro default__parse_timestamp(column, data_type, formats) -%}
    {%- if data_type.startswith('TIMESTAMP WITH TIME ZONE') -%}
        {#- an instant: its UTC wall time, whatever the session's time zone -#}
        cast(timezone('UTC', {{ column }}) as timestamp)
    {%- elif data_type != 'VARCHAR' -%}
        cast({{ column }} as timestamp)
    {%- elif formats -%}
        coalesce(
            try_cast(trim({{ column }}) as timestamp),
            try_strptime(trim({{ column }}), [{% for f in formats %}'{{ f | replace("'", "''") }}'{{ ", " if not loop.last }}{% endfor %}])
        )
    {%- else -%}
        try_cast(trim({{ column }}) as timestamp)
    {%- endif -%}
{%- endmacro %}
