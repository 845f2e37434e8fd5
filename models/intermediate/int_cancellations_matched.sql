-- depends_on: {{ ref('int_raw_files_checked') }}  (a failed quarantine gate skips the netting and all after it)
-- depends_on: {{ ref('stg_online_retail__transactions') }}  (touched_items reads it on incremental runs)
/*
    Allocates each cancellation line to the purchase line(s) it cancels: same customer and stock
    code, purchased at or before the cancellation, most recent purchase first, never more than was
    bought, one cancellation split over several purchases when one is not enough.

    How, per customer and stock code, without a loop: walk back in time from the latest line.
    Cancelled units met on the way are pending; each purchase line met absorbs pending units up to
    its own quantity (so a purchase only ever absorbs units cancelled at or after it, and the most
    recent purchases absorb first; lines of the same minute are taken by invoice number, the
    higher first, and lines of one invoice in line_id order, an arbitrary but fixed choice).
    Pending units are served in the order they were met: cancelled units and absorbed units each
    form a running total, and a cancellation is matched to the purchases whose absorbed range
    overlaps its cancelled range. Pending units left after the earliest purchase cancel a
    purchase from before the data: they stay here as unmatched rows.

    The pending count is Lindley's recursion W_k = max(0, W_(k-1) + x_k), x = +cancelled units or
    -purchased units, which has the closed form W_k = S_k - min(0, min_(j<=k) S_j), S the running
    sum of x: two window passes instead of a loop.
*/

-- The walk itself is the macro cancellation_allocations (shared with the as-of-calibration-end
-- netting in int_calibration_customer_days_aggregated).
{{ config(materialized=line_level_materialization(), incremental_strategy='append', pre_hook="{{ delete_touched_items() }}") }}
with

classified as {{ not_materialized() }} (

    select * from {{ ref('int_transactions_classified') }}
    {%- if is_incremental() %}
    -- incremental: only the items this load touched, walked again over all their lines (the
    -- pre-hook deleted their rows); every other item's rows stand as they are
    where {{ is_touched_item('int_transactions_classified') }}
    {%- endif %}

),

allocations as (

    {{ cancellation_allocations('classified') }}

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            line_id_text("cancellation_line_id"), "'|'",
            "coalesce(" ~ line_id_text("purchase_line_id") ~ ", 'unmatched')"
        ])) }}
            as cancellation_match_id,
        cancellation_line_id,
        purchase_line_id,
        cancellation_invoice_id,
        purchase_invoice_id,
        customer_id,
        stock_code,
        cancelled_quantity,
        purchase_unit_price,
        cancellation_unit_price,
        -- matched: the value taken off the purchase; unmatched: the cancellation's own value
        cast(cancelled_quantity * coalesce(purchase_unit_price, cancellation_unit_price) as decimal(18, 4))
            as cancelled_revenue,
        is_matched,
        cancelled_at,
        cast(cancelled_at as date) as cancelled_date,
        purchased_at,
        -- when this row was walked (the incremental netting's watermark: macro touched_items)
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as netted_at
    from allocations

)

select * from final
