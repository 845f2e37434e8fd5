-- Customers and revenue moving between segments from one period end to the next.
-- A customer's state at a period end (every customer of the history has one at every period end):
--   'Not yet active'    no order on or before the period end (first order later)
--   'No longer active'  active before, but no order for more than var inactive_after_days days
--   otherwise           their RFM segment as of the period end (customer_rfm_history)
-- One row per (period, from state, to state) pair with at least one customer. Every customer is
-- in exactly one state at each period end, so the flows out of a state add up to its size at the
-- earlier period end and the flows into a state to its size at the later one (test
-- assert_segment_migration_conserves_customers). The grid customer x period end is dense, so the
-- previous state is a lag() over the customer's periods: one sort, no self-join.
with

history as (

    select * from {{ ref('customer_rfm_history') }}

),

period_ends as (

    select distinct
        period_number,
        period,
        period_end_date,
        is_period_complete
    from history

),

customers as (

    select distinct customer_id from history

),

states as (

    select
        customers.customer_id,
        period_ends.period_number,
        period_ends.period,
        period_ends.period_end_date,
        period_ends.is_period_complete,
        case
            when history.customer_id is null then 'Not yet active'
            else {{ segment_migration_state('history.rfm_segment', 'history.recency_days') }}
        end as segment_state,
        coalesce(history.period_net_revenue, 0) as period_net_revenue
    from customers
    cross join period_ends
    left join history
        on
            customers.customer_id = history.customer_id
            and period_ends.period_number = history.period_number

),

transitions as (

    select
        customer_id,
        period,
        period_end_date,
        is_period_complete,
        segment_state as to_segment,
        period_net_revenue,
        lag(period_end_date) over customer_periods as previous_period_end_date,
        lag(segment_state) over customer_periods as from_segment,
        lag(period_net_revenue) over customer_periods as previous_period_net_revenue
    from states
    window customer_periods as (partition by customer_id order by period_number)

),

flows as (

    select
        period,
        previous_period_end_date,
        period_end_date,
        from_segment,
        to_segment,
        is_period_complete,
        count(*) as customers,
        sum(previous_period_net_revenue) as previous_period_net_revenue,
        sum(period_net_revenue) as period_net_revenue
    from transitions
    where from_segment is not null
    group by period, previous_period_end_date, period_end_date, from_segment, to_segment, is_period_complete

),

final as (

    select
        cast(period as varchar) as period,
        cast(from_segment as varchar) as from_segment,
        cast(to_segment as varchar) as to_segment,
        cast(
            case
                when from_segment = 'Not yet active' and to_segment = 'Not yet active' then 'not yet active'
                when from_segment = 'Not yet active' then 'new'
                when from_segment = 'No longer active' and to_segment = 'No longer active' then 'still inactive'
                when from_segment = 'No longer active' then 'reactivated'
                when to_segment = 'No longer active' then 'lapsed'
                when from_segment = to_segment then 'stayed'
                else 'moved'
            end as varchar
        ) as flow_type,
        cast(customers as integer) as customers,
        cast(
            1.0 * customers / sum(customers) over (partition by period_end_date, from_segment) as double
        ) as share_of_from_segment,
        cast(previous_period_net_revenue as decimal(18, 2)) as previous_period_net_revenue,
        cast(period_net_revenue as decimal(18, 2)) as period_net_revenue,
        cast(is_period_complete as boolean) as is_period_complete,
        cast(previous_period_end_date as date) as previous_period_end_date,
        cast(period_end_date as date) as period_end_date
    from flows

)

select * from final
