-- One row per day: the time spine MetricFlow joins metrics to (dbt 1.11 style, declared in
-- _semantic__models.yml). A fixed range, 2000-01-01 to 2040-12-31, covers the UCI data
-- (December 2009 on) and any later export; 15k rows cost nothing.
with

days as (

    {{ dbt.date_spine('day', "cast('2000-01-01' as date)", "cast('2041-01-01' as date)") }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
