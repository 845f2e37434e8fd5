with

predictions as (

    select * from {{ ref('customer_clv_predictions') }}

),

customers as (

    select * from {{ ref('customers') }}

),

observation_window as (

    select {{ observation_end_date() }} as observation_end_date

),

population as (

    -- the classic historical CLV's population rates: orders per customer, and churn as the
    -- share of customers who never ordered again (1 - repeat rate)
    select
        avg(order_count * 1.0) as orders_per_customer,
        1.0 - avg(case when order_count > 1 then 1.0 else 0.0 end) as churn_rate
    from customers

),

joined as (

    select
        customers.customer_id,
        customers.average_order_value,
        predictions.frequency,
        predictions.recency,
        predictions.t as customer_age,
        predictions.p_alive,
        predictions.expected_purchases,
        predictions.expected_average_spend,
        predictions.expected_spend,
        predictions.predicted_clv,
        predictions.ml_purchase_probability,
        predictions.ml_predicted_spend,
        customers.average_order_value * population.orders_per_customer * {{ var('clv_margin') }}
        / nullif(population.churn_rate, 0) as historical_clv,
        observation_window.observation_end_date
    from customers
    inner join predictions
        on customers.customer_id = predictions.customer_id
    cross join population
    cross join observation_window

),

ranked as (

    select
        *,
        rank() over (order by predicted_clv desc) as clv_rank,
        count(*) over () as customer_count
    from joined

),

final as (

    select
        cast(customer_id as varchar) as customer_id,
        cast(
            case 1 + floor(4.0 * (clv_rank - 1) / customer_count)
                when 1 then 'A'
                when 2 then 'B'
                when 3 then 'C'
                else 'D'
            end as varchar
        ) as clv_tier,
        cast(frequency as integer) as repeat_purchase_days,
        cast(recency as double) as recency,
        cast(customer_age as double) as customer_age,
        cast(p_alive as double) as p_alive,
        cast(expected_purchases as double) as expected_purchases,
        cast(expected_average_spend as decimal(18, 2)) as expected_average_spend,
        cast(expected_spend as decimal(18, 2)) as expected_spend,
        cast(predicted_clv as decimal(18, 2)) as predicted_clv,
        cast(ml_purchase_probability as double) as ml_purchase_probability,
        cast(ml_predicted_spend as decimal(18, 2)) as ml_predicted_spend,
        cast(historical_clv as decimal(18, 2)) as historical_clv,
        cast(clv_rank as integer) as clv_rank,
        cast(observation_end_date as date) as observation_end_date
    from ranked

)

select * from final
