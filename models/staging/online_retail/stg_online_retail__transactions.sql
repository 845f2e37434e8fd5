with

source as (

    select * from {{ source('online_retail', 'transactions') }}

),

non_product_codes as (

    select * from {{ ref('non_product_stock_codes') }}

),

renamed as (

    select
        nullif(trim(cast("Invoice" as varchar)), '') as invoice_id,
        {{ parse_customer_id('"Customer ID"') }} as customer_id,
        nullif(trim(cast("StockCode" as varchar)), '') as stock_code,
        nullif(trim(cast("Description" as varchar)), '') as description,
        nullif(trim(cast("Country" as varchar)), '') as country,
        {{ parse_quantity('"Quantity"') }} as quantity,
        {{ parse_price('"Price"') }} as unit_price,
        {{ parse_timestamp('"InvoiceDate"') }} as invoiced_at,
        "Quantity" is not null as has_raw_quantity,
        "Price" is not null as has_raw_price,
        "InvoiceDate" is not null as has_raw_invoice_date
    from source

),

-- exact copies of a line share every value: number them 1, 2, ... (copy_number)
numbered as (

    {{ number_exact_copies('renamed', [
        'invoice_id', 'customer_id', 'stock_code', 'description', 'country',
        'quantity', 'unit_price', 'invoiced_at',
        'has_raw_quantity', 'has_raw_price', 'has_raw_invoice_date'
    ]) }}

),

fingerprinted as (

    select
        *,
        {{ row_fingerprint([
            'invoice_id', 'customer_id', 'stock_code', 'description', 'country',
            'quantity', 'unit_price', 'invoiced_at'
        ]) }} as line_fingerprint
    from numbered

),

flagged as (

    select
        -- invoice, content fingerprint and copy number: the same line gets the same id on every
        -- run, whatever the order of the file
        {{ dbt.concat([
            "coalesce(invoice_id, '')", "'-'",
            "cast(line_fingerprint as " ~ dbt.type_string() ~ ")", "'-'",
            "cast(copy_number as " ~ dbt.type_string() ~ ")"
        ]) }} as line_id,
        invoice_id,
        customer_id,
        stock_code,
        description,
        country,
        quantity,
        unit_price,
        cast(quantity * unit_price as decimal(18, 4)) as line_revenue,
        copy_number,
        invoice_id like 'C%' as is_cancellation,
        invoice_id like 'A%' as is_bad_debt_adjustment,
        (
            upper(stock_code) in (
                select upper(stock_code_pattern) from non_product_codes  -- noqa: RF02
                where match_type = 'exact'  -- noqa: RF02
            )
            or exists (
                select 1 from non_product_codes
                -- noqa: disable=RF02
                where match_type = 'prefix' and upper(stock_code) like upper(stock_code_pattern) || '%'
                -- noqa: enable=RF02
            )
        ) as is_non_product,
        customer_id is not null as has_customer,
        copy_number > 1 as is_duplicate,
        (
            invoice_id is null or stock_code is null or quantity is null
            or unit_price is null or invoiced_at is null
        ) as has_unparseable_value,
        has_raw_quantity and quantity is null as has_bad_quantity,
        has_raw_price and unit_price is null as has_bad_price,
        has_raw_invoice_date and invoiced_at is null as has_bad_invoice_date,
        invoiced_at,
        cast(invoiced_at as date) as invoice_date
    from fingerprinted

)

select * from flagged
