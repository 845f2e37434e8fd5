-- One row per customer order (invoice) with net revenue above zero after cancellations: the
-- order-grain mart the semantic layer's revenue and order metrics aggregate by day and month.
-- share_of_net_revenue is the order's share of all net revenue in the data, so its sum over any
-- group of orders (a month, an RFM segment, a country) is that group's share of the total.
with

orders as (

    select * from {{ ref('int_orders_aggregated') }}

),

final as (

    select
        cast(invoice_id as {{ dbt.type_string() }}) as order_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(country as {{ dbt.type_string() }}) as country,
        cast(line_count as integer) as line_count,
        cast(net_line_count as integer) as net_line_count,
        cast(net_quantity as bigint) as net_quantity,
        cast(gross_revenue as decimal(18, 2)) as gross_revenue,
        cast(cancelled_revenue as decimal(18, 2)) as cancelled_revenue,
        cast(net_revenue as decimal(18, 2)) as net_revenue,
        cast(net_revenue as double) / cast(sum(net_revenue) over () as double) as share_of_net_revenue,
        cast(ordered_at as timestamp) as ordered_at,
        cast(order_date as date) as order_date
    from orders

)

select * from final
