-- Each earlier publication's predictions against what its customers did since, one row per
-- as-of date of customer_scorecard_snapshot: the production counterpart of the holdout validation
-- (clv_model_validation), with the same error definitions (predicted - actual). Customer rows and
-- definitions: int_snapshot_predictions_tracked. Customers whose first order came after the as-of
-- date are not in that publication, so their purchases are not counted here.
with

tracked as (

    select * from {{ ref('int_snapshot_predictions_tracked') }}

),

by_publication as (

    select
        as_of_date,
        min(published_at) as first_published_at,
        max(clv_model) as clv_model,
        max(horizon_end_date) as horizon_end_date,
        max(tracked_through_date) as tracked_through_date,
        max(clv_horizon_months) as clv_horizon_months,
        max(elapsed_days) as elapsed_days,
        max(elapsed_share) as elapsed_share,
        count(*) as customers,
        sum(case when actual_purchases > 0 then 1 else 0 end) as customers_with_purchases,
        sum(expected_purchases) as expected_purchases,
        sum(prorated_expected_purchases) as prorated_expected_purchases,
        sum(actual_purchases) as actual_purchases,
        sum(expected_spend) as expected_spend,
        sum(prorated_expected_spend) as prorated_expected_spend,
        sum(actual_spend) as actual_spend,
        avg(abs(prorated_expected_purchases - actual_purchases)) as purchases_mae,
        avg(abs(prorated_expected_spend - actual_spend)) as spend_mae,
        bool_and(is_horizon_complete) as is_horizon_complete
    from tracked
    group by as_of_date

),

final as (

    select
        cast(as_of_date as date) as as_of_date,
        cast(clv_model as varchar) as clv_model,
        cast(first_published_at as timestamp) as first_published_at,
        cast(horizon_end_date as date) as horizon_end_date,
        cast(tracked_through_date as date) as tracked_through_date,
        cast(clv_horizon_months as integer) as clv_horizon_months,
        cast(elapsed_days as integer) as elapsed_days,
        cast(elapsed_share as double) as elapsed_share,
        cast(customers as integer) as customers,
        cast(customers_with_purchases as integer) as customers_with_purchases,
        cast(expected_purchases as double) as expected_purchases,
        cast(prorated_expected_purchases as double) as prorated_expected_purchases,
        cast(actual_purchases as bigint) as actual_purchases,
        cast(
            100.0 * (prorated_expected_purchases - actual_purchases) / nullif(actual_purchases, 0) as double
        ) as total_purchases_pct_error,
        cast(purchases_mae as double) as purchases_mae,
        cast(expected_spend as decimal(18, 2)) as expected_spend,
        cast(prorated_expected_spend as decimal(18, 2)) as prorated_expected_spend,
        cast(actual_spend as decimal(18, 2)) as actual_spend,
        cast(
            100.0 * (prorated_expected_spend - actual_spend) / nullif(actual_spend, 0) as double
        ) as total_spend_pct_error,
        cast(spend_mae as double) as spend_mae,
        cast(is_horizon_complete as boolean) as is_horizon_complete
    from by_publication

)

select * from final
