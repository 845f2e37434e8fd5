{#- A raw number column ready to cast: numeric columns as they are; text trimmed, with a decimal
    comma turned into a point when the file writes decimals with a comma. -#}
{% macro raw_number_text(column, data_type, decimal_separator) -%}
    {%- if data_type != 'VARCHAR' -%}
        {{ column }}
    {%- elif decimal_separator == ',' -%}
        replace(trim({{ column }}), ',', '.')
    {%- else -%}
        trim({{ column }})
    {%- endif -%}
{%- endmacro %}
