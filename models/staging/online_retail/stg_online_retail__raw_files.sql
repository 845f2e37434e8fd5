{{ config(materialized='view') }}
-- One row per raw file matched by var raw_transactions_path, with how the on-run-start hook read
-- it (macros/raw_files/create_raw_transactions_view.sql). A view, so it always shows the files the
-- hook of the current run listed.
with

source as (

    select * from {{ source('online_retail', 'raw_files') }}

),

renamed as (

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
        cast(content_fingerprint as {{ dbt.type_string() }}) as content_fingerprint,
        cast(file_size_bytes as bigint) as file_size_bytes,
        cast(line_count as bigint) as raw_line_count,
        cast(has_byte_order_mark as boolean) as has_byte_order_mark,
        cast(last_modified as {{ type_timestamp_tz() }}) as last_modified,
        cast(first_invoice_date as date) as first_invoice_date,
        cast(last_invoice_date as date) as last_invoice_date
    from source

)

select * from renamed
