-- Customers and revenue moving between segments from one period end to the next.
-- A customer's state at a period end (every customer of the history has one at every period end):
--   'Not yet active'    no order on or before the period end (first order later)
--   'No longer active'  active before, but no order for more than var inactive_after_days days
--   otherwise           their RFM segment as of the period end (customer_rfm_history)
-- One row per (period, from state, to state) pair with at least one customer. Every customer is
-- in exactly one state at each period end, so the flows out of a state add up to its size at the
-- earlier period end and the flows into a state to its size at the later one (test
-- assert_segment_migration_conserves_customers).
-- The history has a row for every customer and period end from their first period on, so the
-- previous state is a lag() over the customer's rows (one sort, no self-join), and a first row
-- comes from 'Not yet active'. Customers not active at either end are counted, not listed: all
-- customers minus those with a row at the later end.
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

all_customers as (

    select count(distinct customer_id) as customers from history

),

active_states as (

    select
        customer_id,
        period_number,
        {{ segment_migration_state('rfm_segment', 'recency_days') }} as segment_state,
        period_net_revenue
    from history

),

active_transitions as (

    select
        period_number,
        segment_state as to_segment,
        period_net_revenue,
        coalesce(lag(segment_state) over customer_periods, 'Not yet active') as from_segment,
        coalesce(lag(period_net_revenue) over customer_periods, 0) as previous_period_net_revenue
    from active_states
    window customer_periods as (partition by customer_id order by period_number)

),

active_flows as (

    -- period 1 has no period before it
    select
        period_number,
        from_segment,
        to_segment,
        count(*) as customers,
        sum(previous_period_net_revenue) as previous_period_net_revenue,
        sum(period_net_revenue) as period_net_revenue
    from active_transitions
    where period_number > 1
    group by period_number, from_segment, to_segment

),

not_yet_active_flows as (

    select
        period_ends.period_number,
        'Not yet active' as from_segment,
        'Not yet active' as to_segment,
        all_customers.customers - count(history.customer_id) as customers,
        0 as previous_period_net_revenue,
        0 as period_net_revenue
    from period_ends
    cross join all_customers
    left join history
        on period_ends.period_number = history.period_number
    where period_ends.period_number > 1
    group by period_ends.period_number, all_customers.customers
    having all_customers.customers - count(history.customer_id) > 0

),

flows as (

    select * from active_flows
    union all
    select * from not_yet_active_flows

),

final as (

    select
        cast(later.period as {{ dbt.type_string() }}) as period,
        cast(flows.from_segment as {{ dbt.type_string() }}) as from_segment,
        cast(flows.to_segment as {{ dbt.type_string() }}) as to_segment,
        cast(
            case
                when flows.from_segment = 'Not yet active' and flows.to_segment = 'Not yet active'
                    then 'not yet active'
                when flows.from_segment = 'Not yet active' then 'new'
                when flows.from_segment = 'No longer active' and flows.to_segment = 'No longer active'
                    then 'still inactive'
                when flows.from_segment = 'No longer active' then 'reactivated'
                when flows.to_segment = 'No longer active' then 'lapsed'
                when flows.from_segment = flows.to_segment then 'stayed'
                else 'moved'
            end as {{ dbt.type_string() }}
        ) as flow_type,
        cast(flows.customers as integer) as customers,
        cast(flows.customers as double)
        / sum(flows.customers) over (partition by flows.period_number, flows.from_segment) as share_of_from_segment,
        cast(flows.previous_period_net_revenue as decimal(18, 2)) as previous_period_net_revenue,
        cast(flows.period_net_revenue as decimal(18, 2)) as period_net_revenue,
        cast(later.is_period_complete as boolean) as is_period_complete,
        cast(earlier.period_end_date as date) as previous_period_end_date,
        cast(later.period_end_date as date) as period_end_date
    from flows
    inner join period_ends as later
        on flows.period_number = later.period_number
    inner join period_ends as earlier
        on flows.period_number - 1 = earlier.period_number

)

select * from final
