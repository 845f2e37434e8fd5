-- Raw lines that cannot be used as a customer sale or cancellation, each with its reason.
with

classified as (

    select * from {{ ref('int_transactions_classified') }}

),

final as (

    select
        line_id,
        source_file,
        invoice_id,
        customer_id,
        stock_code,
        description,
        country,
        quarantine_reason,
        quantity,
        unit_price,
        line_revenue,
        copy_number,
        has_bad_quantity,
        has_bad_price,
        has_bad_invoice_date,
        unreadable_value,
        customer_id as raw_customer_id,
        invoiced_at,
        invoice_date
    from classified
    where line_fate = 'quarantined'

)

select * from final
