{#-
    Runs at the start of every dbt invocation (on-run-start). Checks the file named by
    var('raw_transactions_path') and creates the view raw.online_retail_transactions that
    source('online_retail', 'transactions') points at, with the Online Retail II column names
    whichever UCI naming the file uses. Any problem stops the run with one message naming the file.
-#}
{% macro create_raw_transactions_view() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set path = var('raw_transactions_path') | string -%}
    {%- set quoted_path = "'" ~ path | replace("'", "''") ~ "'" -%}
    {%- set lowered = path | lower -%}

    {%- set matches = run_query("select count(*) from glob(" ~ quoted_path ~ ")").columns[0].values()[0] -%}
    {%- if matches == 0 -%}
        {{ raw_file_error(path, "no file found at this path (relative paths start at the dbt project folder). "
            ~ "Set var raw_transactions_path to an existing CSV or Parquet file.") }}
    {%- endif -%}

    {%- if lowered.endswith('.parquet') or lowered.endswith('.pq') -%}
        {%- set file_format = 'parquet' -%}
        {%- set reader = "read_parquet(" ~ quoted_path ~ ", union_by_name = true)" -%}
    {%- elif lowered.endswith('.csv') or lowered.endswith('.csv.gz') or lowered.endswith('.txt') -%}
        {%- set file_format = 'csv' -%}
        {%- set encoding = var('raw_csv_encoding') | lower -%}
        {%- if encoding not in ['auto', 'utf-8', 'latin-1'] -%}
            {{ raw_file_error(path, "var raw_csv_encoding = '" ~ encoding ~ "' is not one of auto, utf-8, latin-1.") }}
        {%- endif -%}
        {#- Latin-1 decodes every byte, so it is the safe first read; 'auto' then looks for UTF-8 pairs. -#}
        {%- set read_encoding = 'latin-1' if encoding == 'auto' else encoding -%}
        {%- set reader = raw_csv_reader(quoted_path, read_encoding) -%}
    {%- else -%}
        {{ raw_file_error(path, "unsupported file type: use a .csv, .csv.gz or .parquet file "
            ~ "(convert the UCI .xlsx with `customer-value ingest`).") }}
    {%- endif -%}

    {%- set described = run_query("describe select * from " ~ reader) -%}
    {%- set found = {} -%}
    {%- for row in described.rows -%}
        {%- do found.update({(row[0] | lower | replace(' ', '') | replace('_', '')): (row[0], row[1] | upper)}) -%}
    {%- endfor -%}

    {%- set expected = [
        ('Invoice', ['invoice', 'invoiceno'], 'text'),
        ('StockCode', ['stockcode'], 'text'),
        ('Description', ['description'], 'text'),
        ('Quantity', ['quantity'], 'number'),
        ('InvoiceDate', ['invoicedate'], 'timestamp'),
        ('Price', ['price', 'unitprice'], 'number'),
        ('Customer ID', ['customerid'], 'number_or_text'),
        ('Country', ['country'], 'text'),
    ] -%}
    {%- set columns = {} -%}
    {%- set missing = [] -%}
    {%- set bad_types = [] -%}
    {%- for canonical, aliases, kind in expected -%}
        {%- set hit = [] -%}
        {%- for alias in aliases if alias in found and not hit -%}{%- do hit.append(found[alias]) -%}{%- endfor -%}
        {%- if not hit -%}
            {%- do missing.append(canonical ~ (' (or ' ~ (aliases[1:] | join(', ')) ~ ')' if aliases | length > 1 else '')) -%}
        {%- else -%}
            {%- set name, data_type = hit[0] -%}
            {%- do columns.update({canonical: '"' ~ name ~ '"'}) -%}
            {%- if not raw_type_is_readable(data_type, kind) -%}
                {%- do bad_types.append(name ~ ' is ' ~ data_type ~ ' (expected ' ~ kind | replace('_', ' ') ~ ')') -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {{ raw_file_error(path, "missing column(s) " ~ missing | join(', ') ~ ". Found: "
            ~ (described.columns[0].values() | join(', ')) ~ ".") }}
    {%- endif -%}
    {%- if bad_types -%}
        {{ raw_file_error(path, "unreadable column type: " ~ bad_types | join('; ') ~ ".") }}
    {%- endif -%}

    {#- The date format with day and month swapped: a file whose unreadable dates all read that way
        is almost surely written the other way round, and its dates with a day of 12 or less have
        been read with day and month swapped, which no check can see. -#}
    {%- set date_format = var('raw_date_format') | string -%}
    {%- set swapped_date_format = date_format | replace('%d', '%<day>') | replace('%m', '%d')
        | replace('%<day>', '%m') if '%d' in date_format and '%m' in date_format else none -%}
    {%- set profile_sql -%}
        select
            count(*) as line_count,
            count({{ columns['Quantity'] }}) - count({{ parse_quantity(columns['Quantity']) }}) as bad_quantity,
            count({{ columns['Price'] }}) - count({{ parse_price(columns['Price']) }}) as bad_price,
            count({{ columns['InvoiceDate'] }}) - count({{ parse_timestamp(columns['InvoiceDate']) }}) as bad_invoice_date,
            count({{ columns['Quantity'] }}) as quantity_values,
            count({{ columns['Price'] }}) as price_values,
            count({{ columns['InvoiceDate'] }}) as invoice_date_values,
            min(case when {{ parse_timestamp(columns['InvoiceDate']) }} is null then cast({{ columns['InvoiceDate'] }} as varchar) end) as bad_invoice_date_example,
            min(case when {{ parse_quantity(columns['Quantity']) }} is null then cast({{ columns['Quantity'] }} as varchar) end) as bad_quantity_example,
            min(case when {{ parse_price(columns['Price']) }} is null then cast({{ columns['Price'] }} as varchar) end) as bad_price_example,
            count(case when {{ parse_timestamp(columns['InvoiceDate']) }} is null
                {%- if swapped_date_format %}
                and try_strptime(cast({{ columns['InvoiceDate'] }} as varchar), '{{ swapped_date_format }}') is not null
                {%- else %} and false{% endif %} then 1 end) as bad_invoice_date_swapped,
            cast(min({{ parse_timestamp(columns['InvoiceDate']) }}) as date) as first_invoice_date,
            cast(max({{ parse_timestamp(columns['InvoiceDate']) }}) as date) as last_invoice_date
            {%- if file_format == 'csv' and encoding == 'auto' %},
            count(case when regexp_matches(
                coalesce({{ columns['Description'] }}, '') || coalesce({{ columns['Country'] }}, ''),
                '[Â-ô][\x{80}-\x{BF}]') then 1 end) as utf8_sequences
            {%- endif %}
        from {{ reader }}
    {%- endset -%}
    {%- set profile = run_query(profile_sql).rows[0] -%}
    {%- if profile['line_count'] == 0 -%}
        {{ raw_file_error(path, "the file has no rows (only a header, or empty).") }}
    {%- endif -%}
    {%- for label, column in [('quantity', 'Quantity'), ('price', 'Price'), ('invoice_date', 'InvoiceDate')] -%}
        {%- set bad = profile['bad_' ~ label] -%}
        {%- set total = profile[label ~ '_values'] -%}
        {%- if total > 0 and bad == total -%}
            {%- set hint = " Set var raw_date_format to the file's date format (for example '%d/%m/%Y %H:%M')." if label == 'invoice_date' else '' -%}
            {{ raw_file_error(path, "column " ~ columns[column] ~ ": none of its " ~ total ~ " values can be read as "
                ~ ('a date and time' if label == 'invoice_date' else 'a number') ~ " (for example '"
                ~ profile['bad_' ~ label ~ '_example'] ~ "')." ~ hint) }}
        {%- elif bad > 0 -%}
            {%- set message = "raw file " ~ path ~ ": " ~ bad ~ " value(s) of column " ~ columns[column]
                ~ " cannot be read (for example '" ~ profile['bad_' ~ label ~ '_example']
                ~ "'); those lines go to the quarantine as unparseable_value." -%}
            {%- if label == 'invoice_date' and profile['bad_invoice_date_swapped'] == bad -%}
                {%- do exceptions.warn(message ~ " All of them read with day and month swapped ('"
                    ~ swapped_date_format ~ "'), so the file probably writes its dates that way and its"
                    ~ " dates with a day of 12 or less have been read wrongly. Set var raw_date_format to '"
                    ~ swapped_date_format ~ "' and build again.") -%}
            {%- else -%}
                {{ log(message, info=true) }}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ check_analysis_window(profile['first_invoice_date'], profile['last_invoice_date']) }}
    {%- if file_format == 'csv' and encoding == 'auto' -%}
        {%- set reader = raw_csv_reader(quoted_path, 'utf-8' if profile['utf8_sequences'] > 0 else 'latin-1') -%}
    {%- endif -%}
    {{ log("raw file " ~ path ~ ": " ~ profile['line_count'] ~ " lines", info=true) }}

    create schema if not exists raw;
    create or replace view raw.online_retail_transactions as
    select
        {%- for canonical, aliases, kind in expected %}
        {{ columns[canonical] }} as "{{ canonical }}"{{ "," if not loop.last }}
        {%- endfor %}
    from {{ reader }}
{% endmacro %}
