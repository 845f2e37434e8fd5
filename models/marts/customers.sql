with

orders as (

    select * from {{ ref('int_orders_aggregated') }}

),

customer_days as (

    select * from {{ ref('int_customer_days_aggregated') }}

),

countries_ranked as (

    -- a customer's country is the one most of their orders came from (ties: alphabetical)
    select
        customer_id,
        country,
        row_number() over (
            partition by customer_id order by count(*) desc, country
        ) as country_rank
    from orders
    group by customer_id, country

),

order_totals as (

    select
        customer_id,
        count(*) as order_count,
        sum(net_quantity) as net_quantity,
        sum(gross_revenue) as gross_revenue,
        sum(cancelled_revenue) as cancelled_revenue,
        sum(net_revenue) as net_revenue,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date
    from orders
    group by customer_id

),

purchase_days as (

    select
        customer_id,
        count(*) as purchase_day_count
    from customer_days
    group by customer_id

),

final as (

    select
        cast(order_totals.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(countries_ranked.country as {{ dbt.type_string() }}) as country,
        cast(order_totals.order_count as integer) as order_count,
        cast(purchase_days.purchase_day_count as integer) as purchase_day_count,
        cast(order_totals.net_quantity as bigint) as net_quantity,
        cast(order_totals.gross_revenue as decimal(18, 2)) as gross_revenue,
        cast(order_totals.cancelled_revenue as decimal(18, 2)) as cancelled_revenue,
        cast(order_totals.net_revenue as decimal(18, 2)) as net_revenue,
        cast(order_totals.net_revenue / order_totals.order_count as decimal(18, 2)) as average_order_value,
        order_totals.first_order_date,
        order_totals.last_order_date
    from order_totals
    inner join purchase_days
        on order_totals.customer_id = purchase_days.customer_id
    left join countries_ranked
        on
            order_totals.customer_id = countries_ranked.customer_id
            and countries_ranked.country_rank = 1

)

select * from final
