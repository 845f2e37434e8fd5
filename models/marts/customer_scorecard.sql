-- What this build tells marketing about each customer, in one row: RFM segment, K-Means cluster,
-- CLV tier and predicted CLV, the BG/NBD + Gamma-Gamma predictions over the horizon, and the dates
-- they are valid for. The entity snapshots/customer_scorecard_snapshot.yml records at each
-- publication, so that later builds can answer "what did we tell marketing on 1 March?" and track
-- the predictions against what customers did (int_snapshot_predictions_tracked).
-- The horizon is clv_horizon_months model months of 365.25 / 12 days each, as in the CLV models.
with

segments as (

    select * from {{ ref('customer_segments') }}

),

lifetime_values as (

    select * from {{ ref('customer_lifetime_value') }}

),

rfm as (

    select * from {{ ref('customer_rfm') }}

),

horizon as (

    select
        {{ var('clv_horizon_months') }} as clv_horizon_months,
        {{ var('clv_horizon_months') }} * 365.25 / 12 as horizon_days

),

final as (

    select
        cast(rfm.customer_id as varchar) as customer_id,
        cast(rfm.rfm_segment as varchar) as rfm_segment,
        cast(rfm.rfm_cell as varchar) as rfm_cell,
        cast(segments.cluster_name as varchar) as cluster_name,
        cast(lifetime_values.clv_tier as varchar) as clv_tier,
        cast(lifetime_values.clv_model as varchar) as clv_model,
        cast(segments.cluster_id as integer) as cluster_id,
        cast(horizon.clv_horizon_months as integer) as clv_horizon_months,
        cast(horizon.horizon_days as double) as horizon_days,
        cast(lifetime_values.p_alive as double) as p_alive,
        cast(lifetime_values.expected_purchases as double) as expected_purchases,
        cast(lifetime_values.expected_spend as decimal(18, 2)) as expected_spend,
        cast(lifetime_values.predicted_clv as decimal(18, 2)) as predicted_clv,
        cast(rfm.observation_end_date as date) as observation_end_date,
        cast(
            {{ dbt.dateadd('day', 'cast(floor(horizon.horizon_days) as integer)', 'rfm.observation_end_date') }}
            as date
        ) as horizon_end_date
    from rfm
    inner join segments
        on rfm.customer_id = segments.customer_id
    inner join lifetime_values
        on rfm.customer_id = lifetime_values.customer_id
    cross join horizon

)

select * from final
