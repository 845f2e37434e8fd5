with

all_predictions as (

    -- one row per customer and purchase model
    select * from {{ ref('customer_clv_predictions') }}

),

choice as (

    -- the holdout validation's pick (or var clv_model)
    select * from {{ ref('clv_model_choice') }}

),

fitted_models as (

    select distinct clv_model from all_predictions

),

chosen as (

    -- the pick when the whole-window fit has that model, else BG/NBD
    select coalesce(max(choice.clv_model), 'bgnbd') as clv_model
    from choice
    inner join fitted_models
        on choice.clv_model = fitted_models.clv_model

),

predictions as (

    select all_predictions.*
    from all_predictions
    inner join chosen
        on all_predictions.clv_model = chosen.clv_model

),

customers as (

    select * from {{ ref('customers') }}

),

orders as (

    select * from {{ ref('int_orders_aggregated') }}

),

observation_window as (

    select {{ observation_end_date() }} as observation_end_date

),

yearly_activity as (

    -- who ordered in the year before last and in the last year before the observation end
    select
        orders.customer_id,
        max(
            case
                when
                    orders.order_date > {{ dbt.dateadd('day', -730, 'observation_window.observation_end_date') }}
                    and orders.order_date <= {{ dbt.dateadd('day', -365, 'observation_window.observation_end_date') }}
                    then 1
                else 0
            end
        ) as bought_year_before_last,
        max(
            case
                when orders.order_date > {{ dbt.dateadd('day', -365, 'observation_window.observation_end_date') }}
                    then 1
                else 0
            end
        ) as bought_last_year
    from orders
    cross join observation_window
    group by orders.customer_id

),

data_coverage as (

    select min(order_date) as first_order_date
    from orders

),

population as (

    -- the textbook historical CLV's period rates (period = one year): retention = the share of
    -- the year-before-last's customers who ordered again in the last year (null unless the data
    -- cover both years), and the yearly discount rate compounded from the monthly one
    select
        case
            when
                data_coverage.first_order_date
                <= {{ dbt.dateadd('day', -729, 'observation_window.observation_end_date') }}
                then
                    1.0 * sum(yearly_activity.bought_year_before_last * yearly_activity.bought_last_year)
                    / nullif(sum(yearly_activity.bought_year_before_last), 0)
        end as yearly_retention_rate,
        power(1.0 + {{ var('clv_monthly_discount_rate') }}, 12) - 1.0 as yearly_discount_rate
    from yearly_activity
    cross join data_coverage
    cross join observation_window
    group by data_coverage.first_order_date, observation_window.observation_end_date

),

customer_years as (

    -- spend per year of the customer's observed tenure (a first year counts in full)
    select
        customers.customer_id,
        customers.net_revenue / greatest(
            ({{ dbt.datediff('customers.first_order_date', 'observation_window.observation_end_date', 'day') }} + 1)
            / 365.25,
            1.0
        ) as yearly_spend
    from customers
    cross join observation_window

),

joined as (

    select
        customers.customer_id,
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
        predictions.clv_model,
        predictions.history_treatment,
        predictions.expected_purchases_lower,
        predictions.expected_purchases_upper,
        predictions.predicted_clv_lower,
        predictions.predicted_clv_upper,
        predictions.predicted_clv_seasonal,
        -- m r / (1 + i - r): yearly margin m, yearly retention r, yearly discount rate i
        customer_years.yearly_spend * {{ var('clv_margin') }} * population.yearly_retention_rate
        / (1.0 + population.yearly_discount_rate - population.yearly_retention_rate) as historical_clv,
        observation_window.observation_end_date
    from customers
    inner join predictions
        on customers.customer_id = predictions.customer_id
    inner join customer_years
        on customers.customer_id = customer_years.customer_id
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
        cast(clv_model as varchar) as clv_model,
        cast(history_treatment as varchar) as history_treatment,
        cast(expected_purchases_lower as double) as expected_purchases_lower,
        cast(expected_purchases_upper as double) as expected_purchases_upper,
        cast(predicted_clv_lower as decimal(18, 2)) as predicted_clv_lower,
        cast(predicted_clv_upper as decimal(18, 2)) as predicted_clv_upper,
        cast(predicted_clv_seasonal as decimal(18, 2)) as predicted_clv_seasonal,
        cast(observation_end_date as date) as observation_end_date
    from ranked

)

select * from final
