{#- A raw Customer ID as text without the ".0" that spreadsheet exports add (12346.0 -> 12346);
    non-numeric ids are kept trimmed; blank means no customer. -#}
{% macro parse_customer_id(column) -%}
    coalesce(
        cast(try_cast(try_cast({{ column }} as double) as bigint) as varchar),
        nullif(trim(cast({{ column }} as varchar)), '')
    )
{%- endmacro %}
