-- exact_sum and exact_avg give the same result whatever order the rows are added in (a plain
-- floating-point sum of these values gives 0 in the first order and 1 in the second), so that
-- marts aggregating doubles are identical from one build to the next.
with

first_order as (

    select
        {{ exact_sum('v.x') }} as total,
        {{ exact_avg('v.x') }} as mean
    from (values (cast(1e16 as double)), (cast(1.0 as double)), (cast(-1e16 as double))) as v (x)

),

second_order as (

    select
        {{ exact_sum('v.x') }} as total,
        {{ exact_avg('v.x') }} as mean
    from (values (cast(1e16 as double)), (cast(-1e16 as double)), (cast(1.0 as double))) as v (x)

),

final as (

    select
        first_order.total as first_total,
        second_order.total as second_total
    from first_order
    cross join second_order
    where
        first_order.total <> second_order.total
        or first_order.mean <> second_order.mean
        or first_order.total <> 1.0

)

select * from final
