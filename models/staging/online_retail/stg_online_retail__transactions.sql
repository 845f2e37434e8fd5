-- One row per raw line, typed and flagged. The source view has already read each value with its
-- file's own settings (decimal separator, date layout, customer id form): see
-- macros/raw_files/create_raw_transactions_view.sql. Two flags need the whole data rather than
-- the line alone (an aggregate, which staging otherwise avoids): whether a customer id has the
-- data's dominant form, and whether an invoice's lines name more than one customer.
with

source as (

    select * from {{ source('online_retail', 'transactions') }}

),

non_product_codes as (

    select * from {{ ref('non_product_stock_codes') }}

),

renamed as (

    select
        source_file,
        nullif(trim(cast({{ adapter.quote('Invoice') }} as {{ dbt.type_string() }})), '') as invoice_id,
        parsed_customer_id as customer_id,
        nullif(trim(cast({{ adapter.quote('StockCode') }} as {{ dbt.type_string() }})), '') as stock_code,
        nullif(trim(cast({{ adapter.quote('Description') }} as {{ dbt.type_string() }})), '') as description,
        nullif(trim(cast({{ adapter.quote('Country') }} as {{ dbt.type_string() }})), '') as country,
        parsed_quantity as quantity,
        parsed_price as unit_price,
        parsed_invoiced_at as invoiced_at,
        {{ adapter.quote('Quantity') }} is not null as has_raw_quantity,
        {{ adapter.quote('Price') }} is not null as has_raw_price,
        {{ adapter.quote('InvoiceDate') }} is not null as has_raw_invoice_date,
        -- the value that could not be read, for the quarantine and the file gate's message
        case
            when nullif(trim(cast({{ adapter.quote('Invoice') }} as {{ dbt.type_string() }})), '') is null then 'Invoice: missing'
            when nullif(trim(cast({{ adapter.quote('StockCode') }} as {{ dbt.type_string() }})), '') is null then 'StockCode: missing'
            when parsed_quantity is null
                then 'Quantity: ' || coalesce('''' || cast({{ adapter.quote('Quantity') }} as {{ dbt.type_string() }}) || '''', 'missing')
            when parsed_price is null
                then 'Price: ' || coalesce('''' || cast({{ adapter.quote('Price') }} as {{ dbt.type_string() }}) || '''', 'missing')
            when parsed_invoiced_at is null
                then 'InvoiceDate: ' || coalesce('''' || cast({{ adapter.quote('InvoiceDate') }} as {{ dbt.type_string() }}) || '''', 'missing')
        end as unreadable_value
    from source

),

-- exact copies of a line share every value: number them 1, 2, ... (copy_number), the copy in
-- the first file (by name) first, so the same copy is kept on every run
numbered as (

    {{ number_exact_copies('renamed', [
        'invoice_id', 'customer_id', 'stock_code', 'description', 'country',
        'quantity', 'unit_price', 'invoiced_at',
        'has_raw_quantity', 'has_raw_price', 'has_raw_invoice_date', 'unreadable_value'
    ], 'source_file') }}

),

-- the dominant customer id form: numbers (as in the UCI data) when at least half the ids are
-- numbers; an id of another form is then malformed
customer_id_form as (

    select
        count(case when {{ full_match('customer_id', '\d+') }} then 1 end) * 2
        >= count(customer_id) as is_numeric_dominant
    from numbered

),

invoices_with_several_customers as (

    select invoice_id
    from numbered
    where customer_id is not null
    group by invoice_id
    having min(customer_id) <> max(customer_id)

),

fingerprinted as (

    select
        *,
        {{ row_fingerprint([
            'invoice_id', 'customer_id', 'stock_code', 'description', 'country',
            'quantity', 'unit_price', 'invoiced_at', 'unreadable_value',
            'has_raw_quantity', 'has_raw_price', 'has_raw_invoice_date'
        ]) }} as line_fingerprint
    from numbered

),

flagged as (

    select
        -- invoice, content fingerprint and copy number: the same line gets the same id on every
        -- run, whatever the order of the file
        {{ dbt.concat([
            "coalesce(fingerprinted.invoice_id, '')", "'-'",
            "cast(fingerprinted.line_fingerprint as " ~ dbt.type_string() ~ ")", "'-'",
            "cast(fingerprinted.copy_number as " ~ dbt.type_string() ~ ")"
        ]) }} as line_id,
        fingerprinted.source_file,
        fingerprinted.invoice_id,
        fingerprinted.customer_id,
        fingerprinted.stock_code,
        fingerprinted.description,
        fingerprinted.country,
        fingerprinted.unreadable_value,
        fingerprinted.quantity,
        fingerprinted.unit_price,
        cast(fingerprinted.quantity * fingerprinted.unit_price as decimal(18, 4)) as line_revenue,
        fingerprinted.copy_number,
        fingerprinted.invoice_id like 'C%' as is_cancellation,
        fingerprinted.invoice_id like 'A%' as is_bad_debt_adjustment,
        (
            upper(fingerprinted.stock_code) in (
                select upper(exact_codes.stock_code_pattern) from non_product_codes as exact_codes
                where exact_codes.match_type = 'exact'
            )
            or exists (
                select 1 from non_product_codes as prefix_codes
                where
                    prefix_codes.match_type = 'prefix'
                    and upper(fingerprinted.stock_code) like upper(prefix_codes.stock_code_pattern) || '%'
            )
        ) as is_non_product,
        fingerprinted.customer_id is not null as has_customer,
        (
            fingerprinted.customer_id is not null
            and customer_id_form.is_numeric_dominant
            and not {{ full_match('fingerprinted.customer_id', '\d+') }}
        ) as has_malformed_customer_id,
        invoices_with_several_customers.invoice_id is not null as has_several_customers_on_invoice,
        fingerprinted.copy_number > 1 as is_duplicate,
        fingerprinted.unreadable_value is not null as has_unparseable_value,
        fingerprinted.has_raw_quantity and fingerprinted.quantity is null as has_bad_quantity,
        fingerprinted.has_raw_price and fingerprinted.unit_price is null as has_bad_price,
        fingerprinted.has_raw_invoice_date and fingerprinted.invoiced_at is null as has_bad_invoice_date,
        fingerprinted.invoiced_at,
        cast(fingerprinted.invoiced_at as date) as invoice_date
    from fingerprinted
    cross join customer_id_form
    left join invoices_with_several_customers
        on fingerprinted.invoice_id = invoices_with_several_customers.invoice_id

)

select * from flagged
