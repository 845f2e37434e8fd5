-- The units of all allocation rows of a cancellation line (matched and unmatched) add up to the
-- units the line cancels, and no purchase line loses more units than it had.
with

cancellation_lines as (

    select
        line_id,
        -quantity as units
    from {{ ref('int_transactions_classified') }}
    -- is_cancellation first: the scan keeps only those lines before classifying them
    where is_cancellation and line_fate = 'cancellation'

),

allocated as (

    select
        cancellation_line_id,
        sum(cancelled_quantity) as units
    from {{ ref('int_cancellations_matched') }}
    group by cancellation_line_id

),

cancellation_mismatches as (

    select
        cancellation_lines.line_id,
        'cancellation units not conserved' as problem
    from cancellation_lines
    left join allocated on cancellation_lines.line_id = allocated.cancellation_line_id
    where allocated.units is null or allocated.units != cancellation_lines.units

),

over_cancelled as (

    select
        line_id,
        'purchase cancelled beyond its quantity' as problem
    from {{ ref('int_sales_lines_netted') }}
    where cancelled_quantity > quantity

)

select * from cancellation_mismatches
union all
select * from over_cancelled
