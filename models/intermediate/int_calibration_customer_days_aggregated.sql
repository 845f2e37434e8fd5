/*
    The customer-day table as it stood at the CLV calibration end (observation end - var
    holdout_days): purchase days up to that day, netted only with the cancellations dated on or
    before it. The holdout validation fits its models on this, so a cancellation made in the
    holdout cannot change calibration frequency or spend (int_customer_days_aggregated nets
    with every cancellation, including later ones).

    Fast: a purchase only ever absorbs units cancelled at or after it, walking back from the
    latest line. So for a customer's stock code with no cancellation after the calibration end,
    the netted lines (int_sales_lines_netted) dated up to the calibration end already carry the
    as-of net revenue; only the items with a later cancellation are walked again (the macro
    cancellation_allocations), on their lines up to the calibration end. Every line is read from
    the netted table, already netted: no join of every line with its cancellations.
*/
with

netted as {{ not_materialized() }} (

    select * from {{ ref('int_sales_lines_netted') }}

),

full_window_allocations as (

    select * from {{ ref('int_cancellations_matched') }}

),

calibration_window as (

    select {{ calibration_end_date() }} as calibration_end_date

),

-- every cancellation line has an allocation row (matched or not), dated by the cancellation
later_cancelled_items as (

    select distinct
        full_window_allocations.customer_id,
        full_window_allocations.stock_code
    from full_window_allocations
    cross join calibration_window
    where full_window_allocations.cancelled_date > calibration_window.calibration_end_date

),

lines_to_walk_again as (

    select classified.*
    from {{ ref('int_transactions_classified') }} as classified
    cross join calibration_window
    inner join later_cancelled_items
        on
            classified.customer_id = later_cancelled_items.customer_id
            and classified.stock_code = later_cancelled_items.stock_code
    where
        classified.line_fate in ('sale', 'cancellation')
        and classified.invoice_date <= calibration_window.calibration_end_date

),

walked_again as (

    {{ cancellation_allocations('lines_to_walk_again') }}

),

cancelled_as_of_calibration_end as (

    select
        purchase_line_id,
        sum(cast(cancelled_quantity * purchase_unit_price as decimal(18, 4))) as cancelled_revenue
    from walked_again
    where is_matched
    group by purchase_line_id

),

sales_lines as (

    select
        netted.invoice_id,
        netted.customer_id,
        netted.invoice_date,
        case
            when later_cancelled_items.customer_id is null then netted.net_revenue
            else netted.gross_revenue - coalesce(cancelled_as_of_calibration_end.cancelled_revenue, 0)
        end as net_revenue
    from netted
    cross join calibration_window
    left join later_cancelled_items
        on
            netted.customer_id = later_cancelled_items.customer_id
            and netted.stock_code = later_cancelled_items.stock_code
    left join cancelled_as_of_calibration_end
        on netted.line_id = cancelled_as_of_calibration_end.purchase_line_id
    where netted.invoice_date <= calibration_window.calibration_end_date

),

orders as (

    select
        invoice_id,
        customer_id,
        min(invoice_date) as order_date,
        sum(net_revenue) as net_revenue
    from sales_lines
    group by invoice_id, customer_id

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
