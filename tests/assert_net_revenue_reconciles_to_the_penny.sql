-- gross sales - matched cancellations = net sales, exactly, per customer and in total (customer
-- null). Gross comes from the classified lines, cancellations from the allocation model and net
-- from the netted lines: three models that must agree.
with

gross as (

    select
        customer_id,
        sum(line_revenue) as gross_revenue
    from {{ ref('int_transactions_classified') }}
    where line_fate = 'sale'
    group by customer_id

),

cancelled as (

    select
        customer_id,
        sum(cancelled_revenue) as cancelled_revenue
    from {{ ref('int_cancellations_matched') }}
    where is_matched
    group by customer_id

),

net as (

    select
        customer_id,
        sum(net_revenue) as net_revenue
    from {{ ref('int_sales_lines_netted') }}
    group by customer_id

),

per_customer as (

    select
        coalesce(gross.customer_id, cancelled.customer_id, net.customer_id) as customer_id,
        coalesce(gross.gross_revenue, 0) as gross_revenue,
        coalesce(cancelled.cancelled_revenue, 0) as cancelled_revenue,
        coalesce(net.net_revenue, 0) as net_revenue
    from gross
    full outer join cancelled on gross.customer_id = cancelled.customer_id
    full outer join net on coalesce(gross.customer_id, cancelled.customer_id) = net.customer_id

),

with_total as (

    select * from per_customer
    union all
    select
        null as customer_id,
        sum(gross_revenue) as gross_revenue,
        sum(cancelled_revenue) as cancelled_revenue,
        sum(net_revenue) as net_revenue
    from per_customer

)

select * from with_total
where gross_revenue - cancelled_revenue != net_revenue
