{{ config(
    materialized=line_level_materialization(),
    unique_key='line_id',
    incremental_strategy='delete+insert',
    pre_hook="{% if is_incremental() %}delete from {{ this }} where source_file in (select file_path from {{ source('online_retail', 'raw_files') }} where is_new){% endif %}",
) }}
-- One row per raw line, typed and flagged. The source view has already read each value with its
-- file's own settings (decimal separator, date layout, customer id form): see
-- macros/raw_files/create_raw_transactions_view.sql. Two flags need the whole data rather than
-- the line alone (an aggregate, which staging otherwise avoids): whether a customer id has the
-- data's dominant form, and whether an invoice's lines name more than one customer.
--
-- Incremental (macros/raw_files/plan_raw_load.sql decides): only the lines of new files are read
-- (their earlier rows, from a load that stopped half-way, are deleted first by the pre-hook).
-- What else they can change is re-read from this table and re-emitted: the copy numbers of
-- lines that repeat a line already loaded (new files sort after loaded ones, so earlier copies
-- keep their numbers), the several-customers flag of every line of an invoice they touch, and,
-- when they tip the data's dominant customer id form, the malformed flag of non-numeric ids.
with

-- the raw lines are read again by each CTE that needs them rather than held (not_materialized)
source as {{ not_materialized() }} (

    select * from {{ source('online_retail', 'new_transactions') }}

),

renamed as {{ not_materialized() }} (

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

fingerprinted as {{ not_materialized() }} (

    select
        *,
        {{ row_fingerprint([
            'invoice_id', 'customer_id', 'stock_code', 'description', 'country',
            'quantity', 'unit_price', 'invoiced_at', 'unreadable_value',
            'has_raw_quantity', 'has_raw_price', 'has_raw_invoice_date'
        ]) }} as line_fingerprint
    from renamed

),

-- exact copies of a line share every value: number them 1, 2, ... (copy_number), the copy in
-- the first file (by name) first, so the same copy is kept on every run
numbered as (

    {{ number_exact_copies('fingerprinted', [
        'invoice_id', 'customer_id', 'stock_code', 'description', 'country',
        'quantity', 'unit_price', 'invoiced_at',
        'has_raw_quantity', 'has_raw_price', 'has_raw_invoice_date', 'unreadable_value'
    ], 'source_file', 'line_fingerprint') }}

),

{% if is_incremental() -%}
-- copies of a line already loaded from earlier files come first
earlier_copies as (

    select
        loaded.invoice_id,
        loaded.line_fingerprint,
        max(loaded.copy_number) as copies
    from {{ this }} as loaded
    inner join (select distinct invoice_id, line_fingerprint from fingerprinted) as new_lines
        on
            loaded.invoice_id is not distinct from new_lines.invoice_id
            and loaded.line_fingerprint = new_lines.line_fingerprint
    group by loaded.invoice_id, loaded.line_fingerprint

),
{%- endif %}

new_lines as (

    select
        numbered.line_fingerprint,
        numbered.source_file,
        numbered.invoice_id,
        numbered.customer_id,
        numbered.stock_code,
        numbered.description,
        numbered.country,
        numbered.unreadable_value,
        numbered.quantity,
        numbered.unit_price,
        {% if is_incremental() -%}
            numbered.copy_number + coalesce(earlier_copies.copies, 0) as copy_number,
        {%- else -%}
            numbered.copy_number,
        {%- endif %}
        numbered.has_raw_quantity and numbered.quantity is null as has_bad_quantity,
        numbered.has_raw_price and numbered.unit_price is null as has_bad_price,
        numbered.has_raw_invoice_date and numbered.invoiced_at is null as has_bad_invoice_date,
        numbered.invoiced_at
    from numbered
    {%- if is_incremental() %}
    left join earlier_copies
        on
            numbered.invoice_id is not distinct from earlier_copies.invoice_id
            and numbered.line_fingerprint = earlier_copies.line_fingerprint
    {%- endif %}

),

{% if is_incremental() -%}
-- the customer id form before this load, to see whether the new lines tip it
loaded_form as (

    select
        count(case when has_numeric_customer_id then 1 end) as numeric_ids,
        count(customer_id) as ids
    from {{ this }}

),

new_form as (

    select
        count(case when {{ full_match('customer_id', '\d+') }} then 1 end) as numeric_ids,
        count(customer_id) as ids
    from new_lines

),

form_change as (

    select
        (loaded_form.numeric_ids * 2 >= loaded_form.ids)
        <> ((loaded_form.numeric_ids + new_form.numeric_ids) * 2 >= loaded_form.ids + new_form.ids) as has_changed
    from loaded_form
    cross join new_form

),

-- the loaded ids whose malformed flag changes: the non-numeric ones, when the form changes
reformed_lines as (

    select loaded.line_id, loaded.invoice_id
    from {{ this }} as loaded
    cross join form_change
    where form_change.has_changed and not loaded.has_numeric_customer_id and loaded.customer_id is not null

),

-- loaded lines whose flags the new lines can change: those, and every line of an invoice the
-- new lines or those touch (the several-customers flag is decided over the whole invoice)
reemitted_lines as (

    select
        loaded.line_fingerprint,
        loaded.source_file,
        loaded.invoice_id,
        loaded.customer_id,
        loaded.stock_code,
        loaded.description,
        loaded.country,
        loaded.unreadable_value,
        loaded.quantity,
        loaded.unit_price,
        loaded.copy_number,
        loaded.has_bad_quantity,
        loaded.has_bad_price,
        loaded.has_bad_invoice_date,
        loaded.invoiced_at
    from {{ this }} as loaded
    where
        loaded.invoice_id in (select new_lines.invoice_id from new_lines)
        or loaded.invoice_id in (select reformed_lines.invoice_id from reformed_lines)
        or loaded.line_id in (select reformed_lines.line_id from reformed_lines)

),
{%- endif %}

lines as (

    select * from new_lines
    {%- if is_incremental() %}
    union all
    select * from reemitted_lines
    {%- endif %}

),

-- per invoice: its lowest and highest customer id and how many of its ids are numbers. A full
-- build counts the lines as read (numbering copies changes no id), so the lines are not held
invoice_customers as (

    select
        invoice_id,
        min(customer_id) as lowest_customer_id,
        max(customer_id) as highest_customer_id,
        count(case when {{ full_match('customer_id', '\d+') }} then 1 end) as numeric_ids,
        count(customer_id) as ids
    from {% if is_incremental() %}lines{% else %}renamed{% endif %}
    where customer_id is not null
    group by invoice_id

),

-- the dominant customer id form: numbers (as in the UCI data) when at least half the ids are
-- numbers; an id of another form is then malformed
customer_id_form as (

    {% if is_incremental() -%}
        select
            (loaded_form.numeric_ids + new_form.numeric_ids) * 2
            >= loaded_form.ids + new_form.ids as is_numeric_dominant
        from loaded_form cross join new_form
    {%- else -%}
        select coalesce(sum(numeric_ids), 0) * 2 >= coalesce(sum(ids), 0) as is_numeric_dominant
        from invoice_customers
    {%- endif %}

),

invoices_with_several_customers as (

    select invoice_id
    from invoice_customers
    where lowest_customer_id <> highest_customer_id

),

flagged as (

    select
        -- invoice, content fingerprint and copy number: the same line gets the same id on every
        -- run, whatever the order of the file
        {{ line_id('lines.invoice_id', 'lines.line_fingerprint', 'lines.copy_number') }} as line_id,
        lines.source_file,
        lines.invoice_id,
        lines.customer_id,
        lines.stock_code,
        lines.description,
        lines.country,
        lines.unreadable_value,
        lines.line_fingerprint,
        lines.quantity,
        lines.unit_price,
        cast(lines.quantity * lines.unit_price as decimal(18, 4)) as line_revenue,
        lines.copy_number,
        lines.invoice_id like 'C%' as is_cancellation,
        lines.invoice_id like 'A%' as is_bad_debt_adjustment,
        {{ is_non_product_code('lines.stock_code', ref('non_product_stock_codes')) }} as is_non_product,
        lines.customer_id is not null as has_customer,
        coalesce({{ full_match('lines.customer_id', '\d+') }}, false) as has_numeric_customer_id,
        (
            lines.customer_id is not null
            and customer_id_form.is_numeric_dominant
            and not {{ full_match('lines.customer_id', '\d+') }}
        ) as has_malformed_customer_id,
        invoices_with_several_customers.invoice_id is not null as has_several_customers_on_invoice,
        lines.copy_number > 1 as is_duplicate,
        lines.unreadable_value is not null as has_unparseable_value,
        lines.has_bad_quantity,
        lines.has_bad_price,
        lines.has_bad_invoice_date,
        lines.invoiced_at,
        cast(lines.invoiced_at as date) as invoice_date,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as loaded_at
    from lines
    cross join customer_id_form
    left join invoices_with_several_customers
        on lines.invoice_id = invoices_with_several_customers.invoice_id

)

select * from flagged
