-- Warns with one row per raw line that has exact copies (the real file has 34,335 extra copies);
-- the copies are quarantined as exact_duplicate.
{{ config(severity='warn') }}

with

raw_lines as (

    select * from {{ source('online_retail', 'transactions') }}

),

copies as (

    select count(*) - 1 as extra_copies
    from raw_lines
    group by
        "Invoice", "StockCode", "Description", "Quantity",
        "InvoiceDate", "Price", "Customer ID", "Country"
    having count(*) > 1

)

select * from copies
