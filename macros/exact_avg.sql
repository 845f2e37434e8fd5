{#- avg() of a floating-point column that does not depend on the order rows are added in: the
    exact decimal(38, 12) sum of exact_sum divided by the count, returned as double. -#}
{% macro exact_avg(column) -%}
    cast(avg(cast({{ column }} as decimal(38, 12))) as double)
{%- endmacro %}
