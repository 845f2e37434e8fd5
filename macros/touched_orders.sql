{#- The orders (invoice x customer) int_orders_aggregated (`this`) must aggregate again: those
    with a netted line written since it last ran (macro last_run_watermark on its aggregated_at;
    the netting writes every line of an item it walks again, so these include orders of earlier
    months whose lines a new cancellation changed), and those of lines staged since then (a line
    that left the sales, say an invoice a new file gives a second customer, is no netted line
    now). An order is a sum over its own lines alone, so aggregating these again over all their
    lines gives exactly what a full build gives. -#}
{% macro touched_orders() -%}
    select netted.invoice_id, netted.customer_id
    from {{ ref('int_sales_lines_netted') }} as netted
    where netted.netted_at > {{ last_run_watermark('aggregated_at') }}
    union
    select staged.invoice_id, staged.customer_id
    from {{ ref('stg_online_retail__transactions') }} as staged
    where {{ staged_since_last_run('aggregated_at') }}
{%- endmacro %}

{#- Pre-hook of int_orders_aggregated: on an incremental run, delete the touched orders' rows. -#}
{% macro delete_touched_orders() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as aggregated
        where exists (
            select 1 from ({{ touched_orders() }}) as touched
            where touched.invoice_id = aggregated.invoice_id and touched.customer_id = aggregated.customer_id
        )
    {%- endif -%}
{%- endmacro %}
