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
        cast(file_path as varchar) as file_path,
        cast(file_format as varchar) as file_format,
        cast(encoding as varchar) as encoding,
        cast(delimiter as varchar) as delimiter,
        cast(decimal_separator as varchar) as decimal_separator,
        cast(decimal_separator_basis as varchar) as decimal_separator_basis,
        cast(date_format as varchar) as date_format,
        cast(date_format_basis as varchar) as date_format_basis,
        cast(column_names as varchar) as column_names,
        cast(content_fingerprint as varchar) as content_fingerprint,
        cast(file_size_bytes as bigint) as file_size_bytes,
        cast(line_count as bigint) as raw_line_count,
        cast(has_byte_order_mark as boolean) as has_byte_order_mark,
        cast(last_modified as timestamptz) as last_modified,
        cast(first_invoice_date as date) as first_invoice_date,
        cast(last_invoice_date as date) as last_invoice_date
    from source

)

select * from renamed
