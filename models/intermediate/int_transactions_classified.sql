-- Every staged line with its fate: a sale, a cancellation, or quarantined with the first reason
-- that applies (reasons and their order: seed quarantine_reasons).
with

transactions as (

    select * from {{ ref('stg_online_retail__transactions') }}

),

observation_window as (

    select {{ observation_end_date() }} as observation_end_date

),

reasoned as (

    select
        transactions.*,
        case
            when transactions.has_unparseable_value then 'unparseable_value'
            when transactions.is_duplicate then 'exact_duplicate'
            when transactions.invoice_date > observation_window.observation_end_date
                then 'after_observation_end'
            when not transactions.has_customer then 'no_customer_id'
            when transactions.has_malformed_customer_id then 'malformed_customer_id'
            when transactions.has_several_customers_on_invoice then 'several_customers_on_invoice'
            when transactions.is_bad_debt_adjustment then 'bad_debt_adjustment'
            when transactions.is_non_product then 'non_product_code'
            when transactions.unit_price = 0 then 'zero_price'
            when transactions.unit_price < 0 then 'negative_price'
            when transactions.quantity = 0 then 'zero_quantity'
            when not transactions.is_cancellation and transactions.quantity < 0
                then 'negative_quantity_adjustment'
            when transactions.is_cancellation and transactions.quantity > 0
                then 'cancellation_with_positive_quantity'
        end as quarantine_reason
    from transactions
    cross join observation_window

),

final as (

    select
        *,
        case
            when quarantine_reason is not null then 'quarantined'
            when is_cancellation then 'cancellation'
            else 'sale'
        end as line_fate
    from reasoned

)

select * from final
