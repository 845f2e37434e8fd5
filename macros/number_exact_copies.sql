{#- Select every row of `relation` with copy_number: 1 for the first of a set of rows equal in
    all `columns`, 2, 3 ... for the exact copies, in the order of `order_column` (which, with
    `columns`, must be all the relation's columns; it is not compared).
    DuckDB: group the equal rows and unnest their ordered list, much faster than a window on 100M rows. -#}
{% macro number_exact_copies(relation, columns, order_column) -%}
    {{ return(adapter.dispatch('number_exact_copies', 'customer_value')(relation, columns, order_column)) }}
{%- endmacro %}

{% macro default__number_exact_copies(relation, columns, order_column) -%}
    select
        *,
        row_number() over (partition by {{ columns | join(', ') }} order by {{ order_column }}) as copy_number
    from {{ relation }}
{%- endmacro %}

{% macro duckdb__number_exact_copies(relation, columns, order_column) -%}
    select
        {{ columns | join(', ') }},
        unnest(copies) as {{ order_column }},
        generate_subscripts(copies, 1) as copy_number
    from (
        select
            {{ columns | join(', ') }},
            list({{ order_column }} order by {{ order_column }}) as copies
        from {{ relation }}
        group by {{ columns | join(', ') }}
    ) as distinct_lines
{%- endmacro %}
