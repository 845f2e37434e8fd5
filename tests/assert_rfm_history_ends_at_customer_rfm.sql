-- The last period of customer_rfm_history ends on the observation end, so its rows must equal
-- customer_rfm column for column. Fails with the rows found on one side only.
{%- set compared = [
    'customer_id', 'rfm_cell', 'rfm_segment', 'recency_days', 'frequency', 'monetary', 'r_score',
    'f_score', 'm_score', 'fm_score', 'first_order_date', 'last_order_date',
] %}

with

history as (

    select * from {{ ref('customer_rfm_history') }}

),

rfm as (

    select * from {{ ref('customer_rfm') }}

),

last_period as (

    select
        {{ compared | join(', ') }},
        period_end_date as observation_end_date
    from history
    where period_end_date = (select max(history_ends.period_end_date) from history as history_ends)

),

current_rfm as (

    select
        {{ compared | join(', ') }},
        observation_end_date
    from rfm

),

only_in_history as (

    select * from last_period
    {{ dbt.except() }}
    select * from current_rfm

),

only_in_customer_rfm as (

    select * from current_rfm
    {{ dbt.except() }}
    select * from last_period

),

final as (

    select
        'only in customer_rfm_history' as found,
        *
    from only_in_history
    union all
    select
        'only in customer_rfm' as found,
        *
    from only_in_customer_rfm

)

select * from final
