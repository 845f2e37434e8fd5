-- Each customer's RFM as of every period end (var rfm_history_period: month or quarter), computed
-- from the orders, so the history exists from the first build. Same definitions and rules as
-- customer_rfm (the ranks of macro rfm_scores, macros quintile_score, rfm_fm_score,
-- rfm_segment_cells, seed rfm_segment_rules), with every quantity measured at the period end
-- instead of the observation end:
--   recency   = days from the last order on or before the period end to the period end
--   frequency = orders on or before the period end; monetary = their net revenue
--   scores    = quintiles among the customers with an order on or before that period end (as
--               macro rfm_scores ranks them; recency and frequency ranks counted, see below)
-- Periods are calendar months (or quarters) from the one holding the first order; the last period
-- ends on the observation end, so its rows equal customer_rfm (a test proves it). A customer has a
-- row for every period end from their first order's period on.
-- Orders are net of every cancellation known to this build: a later cancellation restates the
-- history of the purchase it cancels (see README, "Running it every month").
-- Set-based, no loop over periods: orders are summed per customer and period, laid on a grid of
-- customer x period from the customer's first period, and accumulated with window sums. The
-- orders are read as the customer days (int_customer_days_aggregated: each day's order count and
-- net revenue, the same sums with fewer rows), which also lets dbt start the lifetime-value
-- models, which need those days, before this model.
{%- set period_months = rfm_history_period_months() %}

with

customer_days as (

    select * from {{ ref('int_customer_days_aggregated') }}

),

segment_rules as (

    select * from {{ ref('rfm_segment_rules') }}

),

period_numbers as (

    -- up to 1200 periods (100 years of months); were the data longer, the last period would not
    -- reach the observation end and test assert_rfm_history_ends_at_customer_rfm would fail
    {{ dbt.generate_series(1200) }}

),

observation_window as (

    select {{ observation_end_date() }} as observation_end_date

),

first_period as (

    -- the start of the month (or quarter) of the first order
    select
        cast({{ dbt.date_trunc(var('rfm_history_period', 'month'), 'min(order_date)') }} as date)
            as first_period_start_date
    from customer_days

),

periods as (

    -- period n starts (n - 1) periods after the first; the last one ends on the observation end
    select
        period_numbers.generated_number as period_number,
        cast(
            {{ dbt.dateadd('month', '(period_numbers.generated_number - 1) * ' ~ period_months,
                'first_period.first_period_start_date') }} as date
        ) as period_start_date,
        cast(
            {{ dbt.dateadd('month', 'period_numbers.generated_number * ' ~ period_months,
                'first_period.first_period_start_date') }} as date
        ) as next_period_start_date,
        observation_window.observation_end_date
    from period_numbers
    cross join first_period
    cross join observation_window

),

period_ends as (

    select
        period_number,
        period_start_date,
        cast(
            least({{ dbt.dateadd('day', -1, 'next_period_start_date') }}, observation_end_date) as date
        ) as period_end_date,
        {{ dbt.dateadd('day', -1, 'next_period_start_date') }} <= observation_end_date as is_period_complete
    from periods
    where period_start_date <= observation_end_date

),

day_periods as (

    -- the period of a purchase day: whole periods between the first period's start and the day
    select
        customer_days.customer_id,
        customer_days.order_date,
        customer_days.order_count,
        customer_days.net_revenue,
        cast(
            floor(
                ({{ dbt.datediff('first_period.first_period_start_date', 'customer_days.order_date', 'month') }})
                / {{ period_months }}
            ) + 1 as integer
        ) as period_number
    from customer_days
    cross join first_period

),

orders_by_period as (

    select
        customer_id,
        period_number,
        cast(sum(order_count) as bigint) as period_orders,
        sum(net_revenue) as period_net_revenue,
        min(order_date) as period_first_order_date,
        max(order_date) as period_last_order_date
    from day_periods
    group by customer_id, period_number

),

customer_first_periods as (

    select
        customer_id,
        min(period_number) as first_period_number,
        min(period_first_order_date) as first_order_date
    from orders_by_period
    group by customer_id

),

customer_periods as (

    -- one row per customer and period end from the customer's first period on
    select
        customer_first_periods.customer_id,
        customer_first_periods.first_order_date,
        period_ends.period_number,
        period_ends.period_start_date,
        period_ends.period_end_date,
        period_ends.is_period_complete
    from customer_first_periods
    inner join period_ends
        on customer_first_periods.first_period_number <= period_ends.period_number

),

accumulated as (

    -- running totals up to and including each period
    select
        customer_periods.*,
        coalesce(orders_by_period.period_orders, 0) as period_orders,
        coalesce(orders_by_period.period_net_revenue, 0) as period_net_revenue,
        sum(orders_by_period.period_orders) over (
            partition by customer_periods.customer_id
            order by customer_periods.period_number
            rows between unbounded preceding and current row
        ) as frequency,
        sum(orders_by_period.period_net_revenue) over (
            partition by customer_periods.customer_id
            order by customer_periods.period_number
            rows between unbounded preceding and current row
        ) as monetary,
        max(orders_by_period.period_last_order_date) over (
            partition by customer_periods.customer_id
            order by customer_periods.period_number
            rows between unbounded preceding and current row
        ) as last_order_date
    from customer_periods
    left join orders_by_period
        on
            customer_periods.customer_id = orders_by_period.customer_id
            and customer_periods.period_number = orders_by_period.period_number

),

rfm_values as (

    select
        *,
        {{ dbt.datediff('last_order_date', 'period_end_date', 'day') }} as recency_days
    from accumulated

),

-- Quintiles within each period end, as macro rfm_scores ranks them, but the recency and frequency
-- ranks are counted rather than sorted (macro counted_rank): recency days and order counts take
-- few distinct values per period, so a running sum over (period, value) counts replaces a window
-- over every customer and period.

recency_ranks as (

    -- the most recent first, as rank() over (order by recency_days desc)
    {{ counted_rank('rfm_values', 'period_end_date', 'recency_days', descending=true) }}

),

frequency_ranks as (

    {{ counted_rank('rfm_values', 'period_end_date', 'frequency') }}

),

scored as (

    select
        rfm_values.*,
        {{ quintile_score('recency_ranks.value_rank', 'recency_ranks.partition_rows') }} as r_score,
        {{ quintile_score('frequency_ranks.value_rank', 'recency_ranks.partition_rows') }} as f_score,
        {{ quintile_score(
            'rank() over (partition by rfm_values.period_end_date order by rfm_values.monetary)',
            'recency_ranks.partition_rows'
        ) }} as m_score
    from rfm_values
    -- left joins: a row never drops out here (a null value would leave its score null, which
    -- the not_null tests of recency_days and rfm_cell catch)
    left join recency_ranks
        on
            rfm_values.period_end_date = recency_ranks.period_end_date
            and rfm_values.recency_days = recency_ranks.recency_days
    left join frequency_ranks
        on
            rfm_values.period_end_date = frequency_ranks.period_end_date
            and rfm_values.frequency = frequency_ranks.frequency

),

segment_cells as (

    {{ rfm_segment_cells('segment_rules') }}

),

segmented as (

    select
        *,
        {{ rfm_fm_score('f_score', 'm_score') }} as fm_score
    from scored

),

final as (

    select
        cast(segmented.customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(
            cast(extract(year from segmented.period_start_date) as {{ dbt.type_string() }})
            {%- if period_months == 3 %}
                || '-Q' || cast(extract(quarter from segmented.period_start_date) as {{ dbt.type_string() }})
            {%- else %}
                || '-' || lpad(cast(extract(month from segmented.period_start_date) as {{ dbt.type_string() }}), 2, '0')
            {%- endif %} as {{ dbt.type_string() }}
        ) as period,
        {{ rfm_output_columns('segmented', 'segment_cells') }},
        cast(segmented.period_number as integer) as period_number,
        cast(segmented.period_orders as integer) as period_orders,
        cast(segmented.period_net_revenue as decimal(18, 2)) as period_net_revenue,
        cast(segmented.is_period_complete as boolean) as is_period_complete,
        cast(segmented.period_start_date as date) as period_start_date,
        cast(segmented.period_end_date as date) as period_end_date,
        cast(segmented.first_order_date as date) as first_order_date,
        cast(segmented.last_order_date as date) as last_order_date
    from segmented
    left join segment_cells
        on
            segmented.r_score = segment_cells.r_score
            and segmented.fm_score = segment_cells.fm_score

)

select * from final
