-- sqlfluff:indentation:template_blocks_indent:False
-- segment_migration conserves customers. The size of each state at each period end is counted
-- here from customer_rfm_history directly (active customers by state; 'Not yet active' = the
-- customers of the history without a row yet). Then, for each pair of consecutive period ends:
-- the flows out of a state add up to its size at the earlier end, and the flows into a state to
-- its size at the later end. Also, every pair of consecutive period ends has flows. Fails with
-- the mismatching (period end, state, side) rows.
with

history as (

    select * from {{ ref('customer_rfm_history') }}

),

migration as (

    select * from {{ ref('segment_migration') }}

),

period_ends as (

    select distinct
        period_number,
        period_end_date
    from history

),

all_customers as (

    select count(distinct customer_id) as customers from history

),

active_sizes as (

    select
        period_end_date,
        {{ segment_migration_state('rfm_segment', 'recency_days') }} as segment_state,
        count(*) as customers
    from history
    group by period_end_date, {{ segment_migration_state('rfm_segment', 'recency_days') }}

),

not_yet_active_sizes as (

    select
        period_ends.period_end_date,
        'Not yet active' as segment_state,
        all_customers.customers - coalesce(sum(active_sizes.customers), 0) as customers
    from period_ends
    cross join all_customers
    left join active_sizes
        on period_ends.period_end_date = active_sizes.period_end_date
    group by period_ends.period_end_date, all_customers.customers

),

sizes as (

    select * from active_sizes
    union all
    select * from not_yet_active_sizes
    where customers > 0

),

outflows as (

    select
        previous_period_end_date as period_end_date,
        from_segment as segment_state,
        sum(customers) as customers
    from migration
    group by previous_period_end_date, from_segment

),

inflows as (

    select
        period_end_date,
        to_segment as segment_state,
        sum(customers) as customers
    from migration
    group by period_end_date, to_segment

),

{%- for side, excluded_end in [('outflows', 'max'), ('inflows', 'min')] %}

{{ side }}_check as (

    -- every period end but the {{ 'last' if excluded_end == 'max' else 'first' }} has {{ side }}
    select
        '{{ side }}' as side,
        coalesce(sizes.period_end_date, {{ side }}.period_end_date) as period_end_date,
        coalesce(sizes.segment_state, {{ side }}.segment_state) as segment_state,
        sizes.customers as state_size,
        {{ side }}.customers as flow_customers
    from (
        select * from sizes
        where period_end_date != (select {{ excluded_end }}(period_ends.period_end_date) from period_ends)
    ) as sizes
    full outer join {{ side }}
        on
            sizes.period_end_date = {{ side }}.period_end_date
            and sizes.segment_state = {{ side }}.segment_state

),
{%- endfor %}

pair_check as (

    -- each flow links a period end to the one right before it
    select
        'pair' as side,
        migration.period_end_date,
        migration.from_segment as segment_state,
        null as state_size,
        migration.customers as flow_customers
    from migration
    inner join period_ends as later
        on migration.period_end_date = later.period_end_date
    left join period_ends as earlier
        on
            migration.previous_period_end_date = earlier.period_end_date
            and earlier.period_number = later.period_number - 1
    where earlier.period_end_date is null

),

final as (

    select * from outflows_check
    where state_size is null or flow_customers is null or state_size != flow_customers
    union all
    select * from inflows_check
    where state_size is null or flow_customers is null or state_size != flow_customers
    union all
    select * from pair_check

)

select * from final
