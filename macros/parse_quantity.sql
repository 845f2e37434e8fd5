{#- A raw Quantity as a whole number; null when it is missing, not a number, or has a fraction. -#}
{% macro parse_quantity(column) -%}
    cast(
        case
            when try_cast({{ column }} as decimal(18, 3)) = floor(try_cast({{ column }} as decimal(18, 3)))
                then try_cast({{ column }} as decimal(18, 3))
        end as bigint
    )
{%- endmacro %}
