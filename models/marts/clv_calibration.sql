with

buckets as (

    select * from {{ ref('clv_calibration_buckets') }}

),

final as (

    select
        cast(model as varchar) as model,
        cast(frequency_bucket as integer) as frequency_bucket,
        cast(frequency_label as varchar) as frequency_label,
        cast(customers as integer) as customers,
        cast(mean_predicted_purchases as double) as mean_predicted_purchases,
        cast(mean_actual_purchases as double) as mean_actual_purchases
    from buckets

)

select * from final
