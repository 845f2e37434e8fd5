-- One row per customer and calendar day with net spend above zero: the purchase occasions the
-- lifetime-value models count (BG/NBD counts repeat purchase days, Gamma-Gamma averages their spend).
with

orders as (

    select * from {{ ref('int_orders_aggregated') }}

),

final as (

    select
        customer_id,
        count(*) as order_count,
        sum(net_revenue) as net_revenue,
        order_date
    from orders
    group by customer_id, order_date

)

select * from final
