-- depends_on: {{ ref('stg_online_retail__transactions') }}  (touched_orders reads it on incremental runs)
{{ config(materialized=line_level_materialization(), incremental_strategy='append',
    on_schema_change='append_new_columns', pre_hook="{{ delete_touched_orders() }}") }}
-- One row per customer order (invoice) with net revenue above zero after cancellations.
-- Incremental: a run aggregates again only the orders with lines netted or staged since it last
-- ran (macro touched_orders; the pre-hook deleted their rows), each over all its lines; every
-- other order stands as it is. A table from a version without aggregated_at gains the column and
-- is aggregated again in full (macro last_run_watermark).
with

sales_lines as (

    select * from {{ ref('int_sales_lines_netted') }}
    {%- if is_incremental() %}
    where exists (
        select 1 from ({{ touched_orders() }}) as touched
        where
            touched.invoice_id = int_sales_lines_netted.invoice_id
            and touched.customer_id = int_sales_lines_netted.customer_id
    )
    {%- endif %}

),

orders as (

    select
        invoice_id,
        customer_id,
        min(country) as country,
        count(*) as line_count,
        sum(case when is_fully_cancelled then 0 else 1 end) as net_line_count,
        sum(net_quantity) as net_quantity,
        sum(gross_revenue) as gross_revenue,
        sum(cancelled_revenue) as cancelled_revenue,
        sum(net_revenue) as net_revenue,
        min(invoiced_at) as ordered_at,
        min(invoice_date) as order_date
    from sales_lines
    group by invoice_id, customer_id

),

final as (

    select
        *,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as aggregated_at
    from orders
    where net_revenue > 0

)

select * from final
