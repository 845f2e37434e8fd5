-- Each published prediction against what the customer did after it, as far as this build's data
-- goes: one row per customer and earlier publication (as-of date) in customer_scorecard_snapshot.
-- For the as-of date d with horizon H days (horizon_end_date = d + floor(H)):
--   tracked_through_date = the earlier of this build's observation end and horizon_end_date
--   elapsed_share        = (tracked_through_date - d) / H, and 1 once horizon_end_date is reached
--   actual_*             = purchase days and net revenue in (d, tracked_through_date]
--                          (int_customer_days_aggregated: the days the BG/NBD model counts)
--   prorated_expected_*  = the published expected purchases / spend over H x elapsed_share
-- Pro-rating is linear in time; the BG/NBD expected purchases grow a little slower than linearly
-- (customers drop out), so early in a horizon the pro-rated figure slightly overstates.
-- Publications with an as-of date on or after this build's observation end are left out (nothing
-- to compare yet). When an as-of date was snapshotted twice with different values (restated
-- data), the later version counts. Before the first `dbt snapshot` the snapshot table does not
-- exist and the model is empty.
{%- set snapshot_relation = ref('customer_scorecard_snapshot') %}

with

scorecard_versions as (

    {% if relation_exists(snapshot_relation) %}
        select * from {{ snapshot_relation }}
    {% else %}
        -- no snapshot taken yet: no prediction to track (the columns this model reads, no rows)
        select
            cast(null as varchar) as customer_id,
            cast(null as varchar) as rfm_segment,
            cast(null as varchar) as clv_tier,
            cast(null as varchar) as clv_model,
            cast(null as integer) as clv_horizon_months,
            cast(null as double) as horizon_days,
            cast(null as double) as expected_purchases,
            cast(null as decimal(18, 2)) as expected_spend,
            cast(null as date) as observation_end_date,
            cast(null as date) as horizon_end_date,
            cast(null as timestamp) as dbt_valid_from
        where 1 = 0
    {% endif %}

),

customer_days as (

    select * from {{ ref('int_customer_days_aggregated') }}

),

observation_window as (

    select {{ observation_end_date() }} as observation_end_date

),

latest_versions as (

    select
        *,
        row_number() over (
            partition by customer_id, observation_end_date
            order by dbt_valid_from desc
        ) as version_rank
    from scorecard_versions

),

predictions as (

    select
        latest_versions.customer_id,
        latest_versions.rfm_segment,
        latest_versions.clv_tier,
        latest_versions.clv_model,
        latest_versions.clv_horizon_months,
        latest_versions.horizon_days,
        latest_versions.expected_purchases,
        latest_versions.expected_spend,
        latest_versions.observation_end_date as as_of_date,
        latest_versions.horizon_end_date,
        latest_versions.dbt_valid_from as published_at,
        case
            when latest_versions.horizon_end_date < observation_window.observation_end_date
                then latest_versions.horizon_end_date
            else observation_window.observation_end_date
        end as tracked_through_date
    from latest_versions
    cross join observation_window
    where
        latest_versions.version_rank = 1
        and latest_versions.observation_end_date < observation_window.observation_end_date

),

actuals as (

    select
        predictions.customer_id,
        predictions.as_of_date,
        count(customer_days.order_date) as actual_purchases,
        coalesce(sum(customer_days.net_revenue), 0) as actual_spend
    from predictions
    left join customer_days
        on
            predictions.customer_id = customer_days.customer_id
            and predictions.as_of_date < customer_days.order_date
            and predictions.tracked_through_date >= customer_days.order_date
    group by predictions.customer_id, predictions.as_of_date

),

elapsed as (

    select
        predictions.*,
        actuals.actual_purchases,
        actuals.actual_spend,
        {{ dbt.datediff('predictions.as_of_date', 'predictions.tracked_through_date', 'day') }}
            as elapsed_days
    from predictions
    inner join actuals
        on
            predictions.customer_id = actuals.customer_id
            and predictions.as_of_date = actuals.as_of_date

),

shares as (

    -- the horizon ends on as_of_date + floor(horizon_days): once that day is reached it is over
    select
        *,
        case
            when tracked_through_date = horizon_end_date then 1.0
            else elapsed_days / horizon_days
        end as elapsed_share
    from elapsed

),

final as (

    select
        customer_id,
        rfm_segment,
        clv_tier,
        clv_model,
        as_of_date,
        horizon_end_date,
        tracked_through_date,
        published_at,
        clv_horizon_months,
        horizon_days,
        elapsed_days,
        elapsed_share,
        expected_purchases,
        expected_spend,
        expected_purchases * elapsed_share as prorated_expected_purchases,
        cast(expected_spend * elapsed_share as decimal(18, 2)) as prorated_expected_spend,
        actual_purchases,
        actual_spend,
        tracked_through_date = horizon_end_date as is_horizon_complete
    from shares

)

select * from final
