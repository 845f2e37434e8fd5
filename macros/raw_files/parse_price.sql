{#- A raw Price as decimal(18, 4) in currency units; null when it is missing or not a number.
    Text is read with the file's decimal separator ('.' or ','). -#}
{% macro parse_price(column, data_type='VARCHAR', decimal_separator='.') -%}
    try_cast({{ raw_number_text(column, data_type, decimal_separator) }} as decimal(18, 4))
{%- endmacro %}
