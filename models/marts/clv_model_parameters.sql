with

parameters as (

    select * from {{ ref('clv_fitted_parameters') }}

),

final as (

    select
        cast(model_name as varchar) as model_name,
        cast(parameter_name as varchar) as parameter_name,
        cast(estimate as double) as estimate,
        cast(std_error as double) as std_error,
        cast(time_unit as varchar) as time_unit,
        cast(log_likelihood as double) as log_likelihood,
        cast(customers_fitted as integer) as customers_fitted,
        cast(fitted_through as date) as fitted_through
    from parameters

)

select * from final
