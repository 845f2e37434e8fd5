{#- Select every row of `relation` with copy_number: 1 for the first of a set of rows equal in
    all `columns` (which must be all the relation's columns), 2, 3 ... for the exact copies.
    DuckDB: group the equal rows and unnest a series, much faster than a window on 100M rows. -#}
{% macro number_exact_copies(relation, columns) -%}
    {{ return(adapter.dispatch('number_exact_copies', 'customer_value')(relation, columns)) }}
{%- endmacro %}

{% macro default__number_exact_copies(relation, columns) -%}
    select
        *,
        row_number() over (partition by {{ columns | join(', ') }}) as copy_number
    from {{ relation }}
{%- endmacro %}

{% macro duckdb__number_exact_copies(relation, columns) -%}
    select
        {{ columns | join(', ') }},
        unnest(generate_series(1, copies)) as copy_number
    from (
        select
            {{ columns | join(', ') }},
            count(*) as copies
        from {{ relation }}
        group by {{ columns | join(', ') }}
    ) as distinct_lines
{%- endmacro %}
