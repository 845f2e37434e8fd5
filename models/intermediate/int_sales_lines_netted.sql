-- depends_on: {{ ref('int_raw_files_checked') }}  (a failed quarantine gate skips the netting and all after it)
-- depends_on: {{ ref('stg_online_retail__transactions') }}  (touched_items reads it on incremental runs)
-- Purchase lines with the units and revenue their cancellations took off. Lines cancelled in full
-- stay here (is_fully_cancelled) so they remain traceable, but add nothing to orders.
{{ config(materialized=line_level_materialization(), incremental_strategy='append', pre_hook="{{ delete_touched_items() }}") }}
with

classified as (

    select * from {{ ref('int_transactions_classified') }}
    {%- if is_incremental() %}
    -- incremental: only the items this load touched, walked again over all their lines (the
    -- pre-hook deleted their rows); every other item's rows stand as they are
    where {{ is_touched_item('int_transactions_classified') }}
    {%- endif %}

),

cancellations as (

    select * from {{ ref('int_cancellations_matched') }}

),

sales_lines as (

    select * from classified
    where line_fate = 'sale'

),

cancelled_per_line as (

    select
        purchase_line_id,
        sum(cancelled_quantity) as cancelled_quantity,
        sum(cancelled_revenue) as cancelled_revenue,
        count(*) as cancellation_lines
    from cancellations
    where is_matched
    group by purchase_line_id

),

final as (

    select
        sales_lines.line_id,
        sales_lines.invoice_id,
        sales_lines.customer_id,
        sales_lines.stock_code,
        sales_lines.country,
        sales_lines.quantity,
        coalesce(cancelled_per_line.cancelled_quantity, 0) as cancelled_quantity,
        sales_lines.quantity - coalesce(cancelled_per_line.cancelled_quantity, 0) as net_quantity,
        coalesce(cancelled_per_line.cancellation_lines, 0) as cancellation_lines,
        sales_lines.unit_price,
        sales_lines.line_revenue as gross_revenue,
        cast(coalesce(cancelled_per_line.cancelled_revenue, 0) as decimal(18, 4)) as cancelled_revenue,
        cast(sales_lines.line_revenue - coalesce(cancelled_per_line.cancelled_revenue, 0) as decimal(18, 4))
            as net_revenue,
        coalesce(cancelled_per_line.cancelled_quantity, 0) >= sales_lines.quantity as is_fully_cancelled,
        sales_lines.invoiced_at,
        sales_lines.invoice_date,
        -- when this row was walked (the incremental netting's watermark: macro touched_items)
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as netted_at
    from sales_lines
    left join cancelled_per_line
        on sales_lines.line_id = cancelled_per_line.purchase_line_id

)

select * from final
