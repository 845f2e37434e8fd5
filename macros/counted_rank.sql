{#- A select of one row per (partition, value) of `relation` with the value's rank() within its
    partition, counted instead of sorted: 1 + the rows of the partition ahead of the value (a
    running sum over the counts per value, minus the value's own), and the partition's row count.
    Columns: `partition_by`, `value`, `value_rank`, `partition_rows`. Cheaper than rank() over
    every row when a value takes few distinct values per partition (recency days and order counts
    per period end in customer_rfm_history); join it back on (partition_by, value). -#}
{% macro counted_rank(relation, partition_by, value, descending=false) -%}
    select
        {{ partition_by }},
        {{ value }},
        sum(rows_with_value) over (
            partition by {{ partition_by }}
            order by {{ value }}{{ ' desc' if descending else '' }}
            rows between unbounded preceding and current row
        ) - rows_with_value + 1 as value_rank,
        sum(rows_with_value) over (partition by {{ partition_by }}) as partition_rows
    from (
        select
            {{ partition_by }},
            {{ value }},
            count(*) as rows_with_value
        from {{ relation }}
        group by {{ partition_by }}, {{ value }}
    ) as value_counts
{%- endmacro %}
