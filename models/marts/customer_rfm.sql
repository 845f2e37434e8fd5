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

scored as (

    -- quintile score = 1 + floor(5 * percent rank) among all customers (macro rfm_scores)
    select
        *,
        {{ rfm_scores() }}
    from rfm_values

),

segment_cells as (

    {{ rfm_segment_cells('segment_rules') }}

),

segmented as (

    select
        *,
        {{ rfm_fm_score('f_score', 'm_score') }} as fm_score
    from scored

),

final as (

    select
        cast(segmented.customer_id as {{ dbt.type_string() }}) as customer_id,
        {{ rfm_output_columns('segmented', 'segment_cells') }},
        segmented.first_order_date,
        segmented.last_order_date,
        cast(segmented.observation_end_date as date) as observation_end_date
    from segmented
    left join segment_cells
        on
            segmented.r_score = segment_cells.r_score
            and segmented.fm_score = segment_cells.fm_score

)

select * from final
