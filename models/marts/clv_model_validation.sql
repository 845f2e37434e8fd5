with

metrics as (

    select * from {{ ref('clv_validation_metrics') }}

),

final as (

    select
        cast(model as varchar) as model,
        cast(metric as varchar) as metric,
        cast(value as double) as value,
        cast(winner as varchar) as winner,
        cast(is_winner as boolean) as is_winner
    from metrics

)

select * from final
