{#- The cancellation walk of int_cancellations_matched (see its header for the rule and the
    algorithm) as one select over `lines`, the name of a relation or CTE of classified lines
    (line_id, invoice_id, customer_id, stock_code, invoiced_at, unit_price, quantity, line_fate).
    Returns one row per allocation: matched (a cancellation line x the purchase line it takes
    units off) or unmatched. -#}
{% macro cancellation_allocations(lines) -%}
{#- the walk: per customer and stock code, backwards in time; at equal times the cancellation is
    met first, so it can be absorbed by a purchase made at the same moment, then the later
    invoice (the higher number, compared as text), then the line id. Every window below must use
    this one order. -#}
{%- set walk = "partition by customer_id, stock_code
        order by invoiced_at desc, is_cancellation desc, invoice_id desc, line_id desc" %}
{%- set walk_so_far = walk ~ "
        rows between unbounded preceding and current row" %}

with

events as {{ not_materialized() }} (

    select
        line_id,
        invoice_id,
        customer_id,
        stock_code,
        invoiced_at,
        unit_price,
        line_fate = 'cancellation' as is_cancellation,
        abs(quantity) as units,
        -quantity as pending_change
    from {{ lines }}
    where line_fate in ('sale', 'cancellation')

),

cancelled_items as (

    -- only a customer's stock codes with a cancellation need the walk; most have none
    select distinct
        customer_id,
        stock_code
    from events
    where is_cancellation

),

items_events as (

    select events.*
    from events
    inner join cancelled_items
        on
            events.customer_id = cancelled_items.customer_id
            and events.stock_code = cancelled_items.stock_code

),

running_totals as (

    select
        *,
        sum(pending_change) over backwards as pending_change_total,
        sum(case when is_cancellation then units else 0 end) over backwards as cancelled_units_total
    from items_events
    window backwards as (
        {{ walk_so_far }}
    )

),

pending as (

    select
        *,
        pending_change_total - least(0, min(pending_change_total) over backwards) as pending_units
    from running_totals
    window backwards as (
        {{ walk_so_far }}
    )

),

absorbed as (

    select
        *,
        case
            when is_cancellation then 0
            else least(
                units,
                lag(pending_units, 1, 0) over (
                    {{ walk }}
                )
            )
        end as absorbed_units
    from pending

),

ranges as (

    select
        *,
        sum(absorbed_units) over (
            {{ walk_so_far }}
        ) as absorbed_units_total,
        sum(absorbed_units) over (partition by customer_id, stock_code) as absorbed_units_group_total
    from absorbed

),

cancellation_ranges as (

    select
        line_id,
        invoice_id,
        customer_id,
        stock_code,
        invoiced_at,
        unit_price,
        units,
        cancelled_units_total - units as range_start,
        cancelled_units_total as range_end,
        absorbed_units_group_total
    from ranges
    where is_cancellation

),

purchase_ranges as (

    select
        line_id,
        invoice_id,
        customer_id,
        stock_code,
        invoiced_at,
        unit_price,
        absorbed_units_total - absorbed_units as range_start,
        absorbed_units_total as range_end
    from ranges
    where not is_cancellation and absorbed_units > 0

),

matched as (

    select
        cancellation_ranges.line_id as cancellation_line_id,
        purchase_ranges.line_id as purchase_line_id,
        cancellation_ranges.invoice_id as cancellation_invoice_id,
        purchase_ranges.invoice_id as purchase_invoice_id,
        cancellation_ranges.customer_id,
        cancellation_ranges.stock_code,
        least(cancellation_ranges.range_end, purchase_ranges.range_end)
        - greatest(cancellation_ranges.range_start, purchase_ranges.range_start) as cancelled_quantity,
        purchase_ranges.unit_price as purchase_unit_price,
        cancellation_ranges.unit_price as cancellation_unit_price,
        true as is_matched,
        cancellation_ranges.invoiced_at as cancelled_at,
        purchase_ranges.invoiced_at as purchased_at
    from cancellation_ranges
    inner join purchase_ranges
        on
            cancellation_ranges.customer_id = purchase_ranges.customer_id
            and cancellation_ranges.stock_code = purchase_ranges.stock_code
            and cancellation_ranges.range_start < purchase_ranges.range_end
            and cancellation_ranges.range_end > purchase_ranges.range_start

),

unmatched as (

    select
        line_id as cancellation_line_id,
        cast(null as {{ line_id_type() }}) as purchase_line_id,
        invoice_id as cancellation_invoice_id,
        cast(null as {{ dbt.type_string() }}) as purchase_invoice_id,
        customer_id,
        stock_code,
        range_end - greatest(range_start, absorbed_units_group_total) as cancelled_quantity,
        cast(null as decimal(18, 4)) as purchase_unit_price,
        unit_price as cancellation_unit_price,
        false as is_matched,
        invoiced_at as cancelled_at,
        cast(null as timestamp) as purchased_at
    from cancellation_ranges
    where range_end > absorbed_units_group_total

)

select * from matched
union all
select * from unmatched
{%- endmacro %}
