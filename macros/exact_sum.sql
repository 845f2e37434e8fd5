{#- sum() of a floating-point column that does not depend on the order rows are added in (which
    varies with DuckDB's threads between runs): each value is rounded to 12 decimal places and
    summed exactly as decimal(38, 12), then returned as double. -#}
{% macro exact_sum(column) -%}
    cast(sum(cast({{ column }} as decimal(38, 12))) as double)
{%- endmacro %}
