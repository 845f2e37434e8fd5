/*
    The customer-day table as it stood at the CLV calibration end (observation end - var
    holdout_days): purchase days up to that day, netted only with the cancellations dated on or
    before it. The holdout validation fits its models on this, so a cancellation made in the
    holdout cannot change calibration frequency or spend (int_customer_days_aggregated nets
    with every cancellation, including later ones).

    Fast: a purchase only ever absorbs units cancelled at or after it, walking back from the
    latest line. So for a customer's stock code with no cancellation after the calibration end,
    the full-window allocations dated up to the calibration end are already the as-of ones; only
    the items with a later cancellation are walked again (the macro cancellation_allocations),
    on their lines up to the calibration end.
*/
with

classified as {{ not_materialized() }} (

    select * from {{ ref('int_transactions_classified') }}

),

full_window_allocations as (

    select * from {{ ref('int_cancellations_matched') }}

),

calibration_window as (

    select {{ calibration_end_date() }} as calibration_end_date

),

lines_to_calibration_end as {{ not_materialized() }} (

    select classified.*
    from classified
    cross join calibration_window
    where
        classified.line_fate in ('sale', 'cancellation')
        and classified.invoice_date <= calibration_window.calibration_end_date

),

later_cancelled_items as (

    select distinct
        classified.customer_id,
        classified.stock_code
    from classified
    cross join calibration_window
    where
        classified.line_fate = 'cancellation'
        and classified.invoice_date > calibration_window.calibration_end_date

),

lines_to_walk_again as (

    select lines_to_calibration_end.*
    from lines_to_calibration_end
    inner join later_cancelled_items
        on
            lines_to_calibration_end.customer_id = later_cancelled_items.customer_id
            and lines_to_calibration_end.stock_code = later_cancelled_items.stock_code

),

walked_again as (

    {{ cancellation_allocations('lines_to_walk_again') }}

),

kept_allocations as (

    select
        full_window_allocations.purchase_line_id,
        full_window_allocations.cancelled_revenue
    from full_window_allocations
    cross join calibration_window
    left join later_cancelled_items
        on
            full_window_allocations.customer_id = later_cancelled_items.customer_id
            and full_window_allocations.stock_code = later_cancelled_items.stock_code
    where
        full_window_allocations.is_matched
        and full_window_allocations.cancelled_date <= calibration_window.calibration_end_date
        and later_cancelled_items.customer_id is null

),

matched_as_of_calibration_end as (

    select
        purchase_line_id,
        cancelled_revenue
    from kept_allocations
    union all
    select
        purchase_line_id,
        cast(cancelled_quantity * purchase_unit_price as decimal(18, 4)) as cancelled_revenue
    from walked_again
    where is_matched

),

cancelled_per_line as (

    select
        purchase_line_id,
        sum(cancelled_revenue) as cancelled_revenue
    from matched_as_of_calibration_end
    group by purchase_line_id

),

orders as (

    select
        sales_lines.invoice_id,
        sales_lines.customer_id,
        min(sales_lines.invoice_date) as order_date,
        sum(sales_lines.line_revenue - coalesce(cancelled_per_line.cancelled_revenue, 0)) as net_revenue
    from lines_to_calibration_end as sales_lines
    left join cancelled_per_line
        on sales_lines.line_id = cancelled_per_line.purchase_line_id
    where sales_lines.line_fate = 'sale'
    group by sales_lines.invoice_id, sales_lines.customer_id

),

final as (

    select
        customer_id,
        count(*) as order_count,
        sum(net_revenue) as net_revenue,
        order_date
    from orders
    where net_revenue > 0
    group by customer_id, order_date

)

select * from final
