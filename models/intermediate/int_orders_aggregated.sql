-- One row per customer order (invoice) with net revenue above zero after cancellations.
with

sales_lines as (

    select * from {{ ref('int_sales_lines_netted') }}

),

orders as (

    select
        invoice_id,
        customer_id,
        min(country) as country,
        count(*) as line_count,
        sum(case when is_fully_cancelled then 0 else 1 end) as net_line_count,
        sum(net_quantity) as net_quantity,
        sum(gross_revenue) as gross_revenue,
        sum(cancelled_revenue) as cancelled_revenue,
        sum(net_revenue) as net_revenue,
        min(invoiced_at) as ordered_at,
        min(invoice_date) as order_date
    from sales_lines
    group by invoice_id, customer_id

),

final as (

    select * from orders
    where net_revenue > 0

)

select * from final
