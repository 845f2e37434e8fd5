-- One row per raw file: how it was read and what became of its lines, so BI users see each
-- load's fate. Built from int_raw_files_checked, whose gate stops a build that lost data.
{%- set reasons = quarantine_reason_codes() %}
with

raw_files as (

    select * from {{ ref('int_raw_files_checked') }}

),

final as (

    select
        cast(file_path as {{ dbt.type_string() }}) as file_path,
        cast(file_format as {{ dbt.type_string() }}) as file_format,
        cast(encoding as {{ dbt.type_string() }}) as encoding,
        cast(delimiter as {{ dbt.type_string() }}) as delimiter,
        cast(decimal_separator as {{ dbt.type_string() }}) as decimal_separator,
        cast(decimal_separator_basis as {{ dbt.type_string() }}) as decimal_separator_basis,
        cast(date_format as {{ dbt.type_string() }}) as date_format,
        cast(date_format_basis as {{ dbt.type_string() }}) as date_format_basis,
        cast(column_names as {{ dbt.type_string() }}) as column_names,
        cast(main_quarantine_reason as {{ dbt.type_string() }}) as main_quarantine_reason,
        cast(main_unreadable_reason as {{ dbt.type_string() }}) as main_unreadable_reason,
        cast(unreadable_example as {{ dbt.type_string() }}) as unreadable_example,
        cast(gate_failure as {{ dbt.type_string() }}) as gate_failure,
        cast(file_size_bytes as bigint) as file_size_bytes,
        cast(lines as bigint) as lines,
        cast(sale_lines as bigint) as sale_lines,
        cast(cancellation_lines as bigint) as cancellation_lines,
        cast(quarantined_lines as bigint) as quarantined_lines,
        cast(unreadable_lines as bigint) as unreadable_lines,
        {%- for reason in reasons %}
            cast({{ reason }}_lines as bigint) as {{ reason }}_lines,
        {%- endfor %}
        cast(quarantined_share as double) as quarantined_share,
        cast(unreadable_share as double) as unreadable_share,
        cast(sales_revenue as decimal(18, 2)) as sales_revenue,
        cast(has_byte_order_mark as boolean) as has_byte_order_mark,
        gate_failure is null as passes_gate,
        cast(first_invoiced_at as timestamp) as first_invoiced_at,
        cast(last_invoiced_at as timestamp) as last_invoiced_at
    from raw_files

)

select * from final
