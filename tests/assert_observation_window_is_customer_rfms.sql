-- int_observation_window, the observation end the CLV Python models read, is one row with a date,
-- and it is the observation end of every customer_rfm row (both come from macro
-- observation_end_date). Fails with one row per broken assertion.

with

observation_window as (

    select * from {{ ref('int_observation_window') }}

),

rfm as (

    select * from {{ ref('customer_rfm') }}

),

broken as (

    select
        'int_observation_window has one row' as assertion_name,
        count(*) as failing_rows
    from observation_window
    having count(*) != 1

    union all

    select
        'observation_end_date is not null' as assertion_name,
        count(*) as failing_rows
    from observation_window
    where observation_end_date is null
    having count(*) > 0

    union all

    select
        'customer_rfm ends on the same day' as assertion_name,
        count(*) as failing_rows
    from rfm
    where
        not exists (
            select 1 from observation_window
            where observation_window.observation_end_date = rfm.observation_end_date
        )
    having count(*) > 0

)

select * from broken
