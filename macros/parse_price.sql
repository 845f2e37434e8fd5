{#- A raw Price as decimal(18, 4) in currency units; null when it is missing or not a number. -#}
{% macro parse_price(column) -%}
    try_cast({{ column }} as decimal(18, 4))
{%- endmacro %}
