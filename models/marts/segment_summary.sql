with

rfm as (

    select * from {{ ref('customer_rfm') }}

),

lifetime_value as (

    select * from {{ ref('customer_lifetime_value') }}

),

actions as (

    select * from {{ ref('rfm_segment_actions') }}

),

per_segment as (

    select
        rfm.rfm_segment,
        count(*) as customers,
        sum(rfm.monetary) as net_revenue,
        avg(rfm.recency_days) as recency_days_mean,
        avg(rfm.frequency * 1.0) as frequency_mean,
        avg(rfm.monetary) as monetary_mean,
        {{ exact_avg('lifetime_value.p_alive') }} as p_alive_mean,
        {{ exact_avg('lifetime_value.predicted_clv') }} as predicted_clv_mean,
        {{ exact_sum('lifetime_value.predicted_clv') }} as predicted_clv_total
    from rfm
    left join lifetime_value
        on rfm.customer_id = lifetime_value.customer_id
    group by rfm.rfm_segment

),

final as (

    select
        cast(per_segment.rfm_segment as varchar) as rfm_segment,
        cast(actions.segment_description as varchar) as segment_description,
        cast(actions.recommended_action as varchar) as recommended_action,
        cast(per_segment.customers as integer) as customers,
        cast(per_segment.customers * 1.0 / sum(per_segment.customers) over () as double) as share_of_customers,
        cast(per_segment.net_revenue as decimal(18, 2)) as net_revenue,
        cast(per_segment.net_revenue / sum(per_segment.net_revenue) over () as double) as revenue_share,
        cast(per_segment.recency_days_mean as double) as recency_days_mean,
        cast(per_segment.frequency_mean as double) as frequency_mean,
        cast(per_segment.monetary_mean as decimal(18, 2)) as monetary_mean,
        cast(per_segment.p_alive_mean as double) as p_alive_mean,
        cast(per_segment.predicted_clv_mean as decimal(18, 2)) as predicted_clv_mean,
        cast(per_segment.predicted_clv_total as decimal(18, 2)) as predicted_clv_total
    from per_segment
    left join actions
        on per_segment.rfm_segment = actions.rfm_segment

)

select * from final
