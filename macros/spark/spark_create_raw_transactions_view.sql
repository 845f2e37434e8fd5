{#-
    Spark's on-run-start hook (read_raw_transactions dispatches here): the Spark counterpart of
    create_raw_transactions_view, for the common export forms. Lists the files named by
    var raw_transactions_path (a path or a glob) with Spark's binaryFile reader, makes one external
    table per file in database raw (Parquet as written; CSV with a header, every column as text,
    the delimiter found in the header line among , ; tab |, '"' as quote and escape, UTF-8 or,
    when the text holds bytes that are not UTF-8, Latin-1), finds the eight fields by name
    (map_raw_columns, both UCI namings and var raw_column_names), profiles each file and decides
    the decimal separator and date layout with the same macros as DuckDB (choose_decimal_separator,
    choose_date_format), then creates raw.raw_files and the view raw.online_retail_transactions
    with the same columns as on DuckDB.
    Not detected on Spark (README "Running on Spark"): quote and escape characters other than '"'
    (DuckDB sniffs them), encodings other than UTF-8 and Latin-1, and a header that is not on the
    first line. Run it with `dbt build` or `dbt seed` first: the seed fallback of dbt run / dbt
    test on a new warehouse is DuckDB's.
-#}
{% macro spark_create_raw_transactions_view() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set path = var('raw_transactions_path') | string -%}
    {%- set configured_encoding = var('raw_csv_encoding') | lower -%}
    {%- if configured_encoding not in ['auto', 'utf-8', 'latin-1'] -%}
        {{ raw_file_error(path, "var raw_csv_encoding = '" ~ configured_encoding ~ "' is not one of auto, utf-8, latin-1.") }}
    {%- endif -%}
    {%- do run_query("create database if not exists raw") -%}
    {%- for row in run_query("show views in raw like 'raw_file_*'").rows -%}
        {%- do run_query("drop view if exists raw." ~ row[1]) -%}
    {%- endfor -%}
    {%- for row in run_query("show tables in raw like 'raw_file_*'").rows -%}
        {%- do run_query("drop table if exists raw." ~ row[1]) -%}
    {%- endfor -%}

    {#- 1. the files: binaryFile lists them without reading their content -#}
    {%- do run_query("create or replace temporary view customer_value_raw_listing using binaryFile options (path "
        ~ spark_sql_string(path) ~ ")") -%}
    {%- set found = run_query("select path, length, cast(modificationTime as string) from customer_value_raw_listing order by path") -%}
    {%- if found.rows | length == 0 -%}
        {{ raw_file_error(path, "no file found at this path. Set var raw_transactions_path to an existing CSV or "
            ~ "Parquet file, or a glob such as 'exports/*.csv'.") }}
    {%- endif -%}

    {%- set files = [] -%}
    {%- for row in found.rows -%}
        {#- the local path without the file: scheme, as DuckDB names the file -#}
        {%- set file_path = modules.re.sub('^file:(//)?', '', row[0]) | replace('%20', ' ') -%}
        {%- set lowered = file_path | lower -%}
        {%- if lowered.endswith('.parquet') or lowered.endswith('.pq') -%}
            {%- set file_format = 'parquet' -%}
        {%- elif lowered.endswith('.csv') or lowered.endswith('.csv.gz') or lowered.endswith('.txt') or lowered.endswith('.tsv') -%}
            {%- set file_format = 'csv' -%}
        {%- else -%}
            {{ raw_file_error(path, "unsupported file type: " ~ file_path ~ " (use .csv, .csv.gz, .tsv or .parquet files; "
                ~ "convert the UCI .xlsx with `customer-value ingest`).") }}
        {%- endif -%}
        {%- set file = {'path': file_path, 'location': row[0], 'size_bytes': row[1], 'last_modified': row[2], 'file_format': file_format,
            'table': 'raw.raw_file_' ~ loop.index} -%}
        {%- if file_format == 'csv' -%}
            {%- do file.update(spark_describe_csv(path, file)) -%}
        {%- endif -%}
        {%- do files.append(spark_read_raw_file(path, file, file.get('encoding'))) -%}
    {%- endfor -%}

    {#- 2. per file: where the eight fields are, the profile, how to read numbers and dates -#}
    {%- for file in files -%}
        {%- do file.update({'mapping': map_raw_columns(path, file)}) -%}
        {%- set profile = spark_profile_raw_file(file) -%}
        {%- if file['file_format'] == 'csv' and configured_encoding == 'auto' and (profile.get('replacement_characters') or 0) > 0 -%}
            {#- bytes that are not UTF-8: the file is Latin-1 (as DuckDB decides from the bytes) -#}
            {%- do file.update(spark_read_raw_file(path, file, 'latin-1')) -%}
            {%- do file.update({'mapping': map_raw_columns(path, file)}) -%}
            {%- set profile = spark_profile_raw_file(file) -%}
        {%- endif -%}
        {{ check_raw_file_profile(path, file, profile) }}
        {%- set decimal = choose_decimal_separator(path, file, profile) -%}
        {%- do file.update({'line_count': profile['line_count'], 'decimal_separator': decimal[0],
            'decimal_separator_basis': decimal[1], 'date': choose_date_format(path, file, profile)}) -%}
    {%- endfor -%}

    {#- 3. dates no file can order alone: as the other files with that separator, else the default -#}
    {{ settle_ambiguous_dates(files) }}

    {#- 4. the views: one per file (every raw field as text, the parsed values typed), so the
        union stays short (the metastore keeps a view's text in 32,700 characters); every build
        on Spark loads every file, so the new lines are all the lines -#}
    {%- set selects = [] -%}
    {%- for file in files -%}
        {%- set parsed = spark_parse_raw_values(file['mapping'], file['decimal_separator'], file['date']['formats']) -%}
        {%- set select_sql -%}
            select
                {{ spark_sql_string(file['path']) }} as source_file,
                {%- for spec in raw_transaction_fields() %}
                {{ 'cast(`' ~ file['mapping'][spec['field']][0] ~ '` as string)' if spec['field'] in file['mapping']
                    else 'cast(null as string)' }} as `{{ spec['field'] }}`,
                {%- endfor %}
                {{ parsed['parsed_quantity'] }} as parsed_quantity,
                {{ parsed['parsed_price'] }} as parsed_price,
                {{ parsed['parsed_invoiced_at'] }} as parsed_invoiced_at,
                {{ parsed['parsed_customer_id'] }} as parsed_customer_id
            from {{ file['table'] }}
        {%- endset -%}
        {%- do run_query("create or replace view " ~ file['table'] ~ "_lines as " ~ select_sql) -%}
        {%- do selects.append("select * from " ~ file['table'] ~ "_lines") -%}
    {%- endfor -%}
    {%- do run_query("create or replace view raw.online_retail_transactions as\n" ~ selects | join('\nunion all\n')) -%}
    {%- do run_query("create or replace view raw.online_retail_new_transactions as select * from raw.online_retail_transactions") -%}

    {#- 5. raw.raw_files, with each file's first and last invoice date (one scan of all files) -#}
    {%- set windows = {} -%}
    {%- for row in run_query("select source_file, cast(min(parsed_invoiced_at) as date), cast(max(parsed_invoiced_at) as date) "
        ~ "from raw.online_retail_transactions group by source_file").rows -%}
        {%- do windows.update({row[0]: row}) -%}
    {%- endfor -%}
    {%- set rows = [] -%}
    {%- for file in files -%}
        {%- set mapped = [] -%}
        {%- for spec in raw_transaction_fields() if spec['field'] in file['mapping'] -%}
            {%- do mapped.append(spec['field'] ~ '=' ~ file['mapping'][spec['field']][0]) -%}
        {%- endfor -%}
        {%- set window = windows.get(file['path'], [none, none, none]) -%}
        {%- set read_settings = tojson({'encoding': file.get('encoding'), 'decimal_separator': file['decimal_separator'],
            'date_formats': file['date']['formats']}, sort_keys=true) -%}
        {%- set literals = [] -%}
        {%- for value in [file['path'], file['file_format'], file['size_bytes'], file['line_count'], file.get('encoding'),
            file.get('has_bom', false if file['file_format'] == 'parquet' else none), file.get('delimiter'),
            file['decimal_separator'], file['decimal_separator_basis'], file['date']['label'], file['date']['basis'],
            mapped | join(', '), file['last_modified'], none, true, read_settings, none,
            window[1] | string if window[1] else none, window[2] | string if window[2] else none] -%}
            {%- do literals.append('null' if value is none else (value | string | lower if value is sameas true or value is sameas false
                else (spark_sql_string(value) if value is string else value | string))) -%}
        {%- endfor -%}
        {%- do rows.append('(' ~ literals | join(', ') ~ ')') -%}
    {%- endfor -%}
    {#- content_fingerprint and file_description are DuckDB's load log (incremental loads): null here -#}
    {%- do run_query("drop table if exists raw.raw_files") -%}
    {%- do run_query("create table raw.raw_files using parquet as select
            cast(file_path as string) as file_path, cast(file_format as string) as file_format,
            cast(file_size_bytes as bigint) as file_size_bytes, cast(line_count as bigint) as line_count,
            cast(encoding as string) as encoding, cast(has_byte_order_mark as boolean) as has_byte_order_mark,
            cast(delimiter as string) as delimiter, cast(decimal_separator as string) as decimal_separator,
            cast(decimal_separator_basis as string) as decimal_separator_basis, cast(date_format as string) as date_format,
            cast(date_format_basis as string) as date_format_basis, cast(column_names as string) as column_names,
            cast(last_modified as timestamp) as last_modified, cast(content_fingerprint as string) as content_fingerprint,
            cast(is_new as boolean) as is_new, cast(read_settings as string) as read_settings,
            cast(file_description as string) as file_description, cast(first_invoice_date as date) as first_invoice_date,
            cast(last_invoice_date as date) as last_invoice_date
        from values " ~ rows | join(', ') ~ " as raw_files (file_path, file_format, file_size_bytes, line_count,
            encoding, has_byte_order_mark, delimiter, decimal_separator, decimal_separator_basis, date_format,
            date_format_basis, column_names, last_modified, content_fingerprint, is_new, read_settings,
            file_description, first_invoice_date, last_invoice_date)") -%}

    {%- set first_dates = [] -%}
    {%- set last_dates = [] -%}
    {%- for row in windows.values() if row[1] -%}
        {%- do first_dates.append(row[1] | string) -%}
        {%- do last_dates.append(row[2] | string) -%}
    {%- endfor -%}
    {%- if not first_dates -%}
        {{ raw_file_error(path, "no InvoiceDate of any file can be read. Set var raw_date_format to the files' strptime format.") }}
    {%- endif -%}
    {{ check_analysis_window(first_dates | min, last_dates | max) }}
    {{ log("raw file " ~ path ~ " (Spark): " ~ files | sum(attribute='line_count') ~ " lines"
        ~ (" in " ~ files | length ~ " files" if files | length > 1 else ""), info=true) }}
{% endmacro %}
