with

customers as (

    select * from {{ ref('customers') }}

),

segment_rules as (

    select * from {{ ref('rfm_segment_rules') }}

),

observation_window as (

    select {{ observation_end_date() }} as observation_end_date

),

rfm_values as (

    select
        customers.customer_id,
        {{ dbt.datediff('customers.last_order_date', 'observation_window.observation_end_date', 'day') }}
            as recency_days,
        customers.order_count as frequency,
        customers.net_revenue as monetary,
        customers.first_order_date,
        customers.last_order_date,
        observation_window.observation_end_date
    from customers
    cross join observation_window

),

ranked as (

    -- rank() gives tied values the same rank, so equal values always get the same score
    select
        *,
        rank() over (order by recency_days desc) as recency_rank,
        rank() over (order by frequency) as frequency_rank,
        rank() over (order by monetary) as monetary_rank,
        count(*) over () as customer_count
    from rfm_values

),

scored as (

    -- quintile score = 1 + floor(5 * percent rank), percent rank = (rank - 1) / (customers - 1);
    -- the top value gets 5, recency is reversed (the most recent customers score 5)
    select
        *,
        {{ quintile_score('recency_rank', 'customer_count') }} as r_score,
        {{ quintile_score('frequency_rank', 'customer_count') }} as f_score,
        {{ quintile_score('monetary_rank', 'customer_count') }} as m_score
    from ranked

),

segmented as (

    select
        scored.*,
        -- the average of F and M, rounded half up
        cast(floor((scored.f_score + scored.m_score) / 2.0 + 0.5) as integer) as fm_score
    from scored

),

final as (

    select
        cast(segmented.customer_id as varchar) as customer_id,
        cast(
            cast(segmented.r_score as varchar) || cast(segmented.f_score as varchar)
            || cast(segmented.m_score as varchar) as varchar
        ) as rfm_cell,
        cast(segment_rules.rfm_segment as varchar) as rfm_segment,
        cast(segmented.recency_days as integer) as recency_days,
        cast(segmented.frequency as integer) as frequency,
        cast(segmented.monetary as decimal(18, 2)) as monetary,
        cast(segmented.r_score as integer) as r_score,
        cast(segmented.f_score as integer) as f_score,
        cast(segmented.m_score as integer) as m_score,
        cast(segmented.fm_score as integer) as fm_score,
        segmented.first_order_date,
        segmented.last_order_date,
        cast(segmented.observation_end_date as date) as observation_end_date
    from segmented
    left join segment_rules
        on
            segmented.r_score between segment_rules.r_score_min and segment_rules.r_score_max
            and segmented.fm_score between segment_rules.fm_score_min and segment_rules.fm_score_max

)

select * from final
