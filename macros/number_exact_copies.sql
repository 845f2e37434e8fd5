{#- Select every row of `relation` with copy_number: 1 for the first of a set of rows equal in
    all `columns`, 2, 3 ... for the exact copies, in the order of `order_column` (which, with
    `columns` and `key`, must be all the relation's columns; it is not compared). `key` is a
    hash of `columns`, never null (DuckDB's hash of nulls is a number): rows that differ in it
    are not copies of each other.
    DuckDB: only the rows whose key repeats (a few percent of real data) are numbered with a
    window over their values; the rest are first copies. Grouping or sorting every line by all
    its values held 100 million lines' values in memory at once. `relation` should be a CTE
    declared not_materialized(): it is read three times. -#}
{% macro number_exact_copies(relation, columns, order_column, key) -%}
    {{ return(adapter.dispatch('number_exact_copies', 'customer_value')(relation, columns, order_column, key)) }}
{%- endmacro %}

{% macro default__number_exact_copies(relation, columns, order_column, key) -%}
    select
        *,
        row_number() over (partition by {{ columns | join(', ') }} order by {{ order_column }}) as copy_number
    from {{ relation }}
{%- endmacro %}

{% macro duckdb__number_exact_copies(relation, columns, order_column, key) -%}
    with repeated_keys as (
        select {{ key }} from {{ relation }} group by {{ key }} having count(*) > 1
    )

    select
        *,
        1 as copy_number
    from {{ relation }}
    where {{ key }} not in (select repeated_keys.{{ key }} from repeated_keys)
    union all
    select
        *,
        row_number() over (partition by {{ columns | join(', ') }} order by {{ order_column }}) as copy_number
    from {{ relation }}
    where {{ key }} in (select repeated_keys.{{ key }} from repeated_keys)
{%- endmacro %}
