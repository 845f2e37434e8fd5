{#- A raw Quantity as a whole number; null when it is missing, not a number, or has a fraction.
    Text is read with the file's decimal separator ('.' or ','). -#}
{% macro parse_quantity(column, data_type='VARCHAR', decimal_separator='.') -%}
    {%- set number = raw_number_text(column, data_type, decimal_separator) -%}
    cast(
        case
            when try_cast({{ number }} as decimal(18, 3)) = floor(try_cast({{ number }} as decimal(18, 3)))
                then try_cast({{ number }} as decimal(18, 3))
        end as bigint
    )
{%- endmacro %}
