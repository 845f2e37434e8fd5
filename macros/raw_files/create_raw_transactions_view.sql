{#-
    Runs at the start of every dbt invocation (on-run-start). Reads the files named by
    var('raw_transactions_path') (a path or a glob) the way each one is written, and creates:
    - raw.raw_files: one row per file with its size, line count and how it was read (encoding,
      delimiter, decimal separator, date format, and whether each was detected or set by a var);
    - raw.online_retail_transactions, the view source('online_retail', 'transactions') points at:
      one row per raw line with its file name, the Online Retail II columns as written, and the
      values read with that file's settings (parsed_quantity, parsed_price, parsed_invoiced_at,
      parsed_customer_id).
    Files of one glob may differ in every respect (encoding, byte-order mark, delimiter, decimal
    separator, date layout, column names): each is described and profiled on its own, and files
    with the same layout are then read together. Any problem that makes a file unreadable stops
    the run with one message naming the file; what a file cannot settle alone (dates whose day
    and month are all 12 or less) is decided from the other files, or by a default, and reported.
    Also loads the seeds when a command that does not load them (dbt run, dbt test) finds them
    missing from a new warehouse.
-#}
{% macro create_raw_transactions_view() %}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {{ load_missing_seeds() }}
    {%- set path = var('raw_transactions_path') | string -%}
    {%- set settings = load_settings_fingerprint() -%}
    {%- set logged = read_load_log() -%}

    {#- 1. every file: its header and dialect, and where the eight fields are; a file the load log
        holds with the same bytes (md5, taken again only when its size or modification time
        changed) under the same settings keeps its logged description and profile unread -#}
    {%- set files = [] -%}
    {%- for listed in list_raw_files(path) -%}
        {%- set known = logged.get(listed['path']) -%}
        {%- set reusable = known and known['settings_fingerprint'] == settings -%}
        {%- if reusable and known['file_size_bytes'] == listed['size_bytes'] and known['last_modified'] == listed['last_modified'] -%}
            {%- set fingerprint = known['content_fingerprint'] -%}
        {%- else -%}
            {%- set fingerprint = run_query("select md5(content) from read_blob('"
                ~ listed['path'] | replace("'", "''") ~ "')").columns[0].values()[0] -%}
        {%- endif -%}
        {%- if reusable and fingerprint == known['content_fingerprint'] -%}
            {%- set file = fromjson(known['file_description']) -%}
            {%- do file.update(listed) -%}
            {%- do file.update({'first_invoice_date': known['first_invoice_date'], 'last_invoice_date': known['last_invoice_date']}) -%}
        {%- else -%}
            {%- set file = describe_raw_file(path, listed) -%}
            {%- do file.update({'mapping': map_raw_columns(path, file)}) -%}
        {%- endif -%}
        {%- do file.update({'content_fingerprint': fingerprint}) -%}
        {%- do files.append(file) -%}
    {%- endfor -%}

    {#- 2. one scan per layout of the files not profiled yet: line counts and the shape of the
        text values, per file -#}
    {%- set unprofiled = files | rejectattr('profile', 'defined') | list -%}
    {%- for group in group_raw_files(unprofiled, ['file_format', 'encoding', 'delimiter', 'quote', 'escape', 'mapping']) -%}
        {%- set mapping = group[0]['mapping'] -%}
        {%- set has_text = group[0]['file_format'] == 'csv' or mapping['Quantity'][1] == 'VARCHAR'
            or mapping['Price'][1] == 'VARCHAR' or mapping['InvoiceDate'][1] == 'VARCHAR' -%}
        {%- if has_text -%}
            {%- set result = run_query(raw_text_profile(group)) -%}
        {%- else -%}
            {%- set paths = [] -%}
            {%- for file in group -%}{%- do paths.append("'" ~ file['path'] | replace("'", "''") ~ "'") -%}{%- endfor -%}
            {%- set result = run_query("select file_name as filename, num_rows as line_count "
                ~ "from parquet_file_metadata([" ~ paths | join(', ') ~ "])") -%}
        {%- endif -%}
        {%- set profiles = {} -%}
        {%- for row in result.rows -%}
            {%- set profile = {} -%}
            {%- for name in result.column_names -%}{%- do profile.update({name: row[name]}) -%}{%- endfor -%}
            {%- do profiles.update({row['filename']: json_safe(profile)}) -%}
        {%- endfor -%}
        {%- for file in group -%}{%- do file.update({'profile': profiles.get(file['path'], {'line_count': 0})}) -%}{%- endfor -%}
    {%- endfor -%}
    {%- for file in files -%}
        {%- set description = {} -%}
        {%- for key in ['columns', 'has_bom', 'encoding', 'is_encoding_settled', 'delimiter', 'quote', 'escape', 'mapping', 'profile']
            if key in file -%}
            {%- do description.update({key: file[key]}) -%}
        {%- endfor -%}
        {%- do file.update({'description': tojson(json_safe(description), sort_keys=true)}) -%}
    {%- endfor -%}

    {#- 3. per file: stop on what cannot be read at all, else decide how to read it -#}
    {%- for file in files -%}
        {%- set profile = file['profile'] -%}
        {{ check_raw_file_profile(path, file, profile) }}
        {%- set decimal = choose_decimal_separator(path, file, profile) -%}
        {%- do file.update({
            'line_count': profile['line_count'],
            'encoding': 'utf-8' if file['file_format'] == 'csv' and not file['is_encoding_settled']
                and (profile.get('utf8_sequences') or 0) > 0 else file.get('encoding'),
            'decimal_separator': decimal[0],
            'decimal_separator_basis': decimal[1],
            'date': choose_date_format(path, file, profile),
        }) -%}
    {%- endfor -%}

    {#- 4. dates the file alone cannot order: follow the other files with the same separator -#}
    {{ settle_ambiguous_dates(files) }}

    {#- 5. how each file's lines are read, and which files this run loads -#}
    {%- for file in files -%}
        {%- do file.update({'read_settings': tojson(json_safe({'encoding': file.get('encoding'),
            'decimal_separator': file['decimal_separator'], 'date_formats': file['date']['formats']}), sort_keys=true)}) -%}
    {%- endfor -%}
    {%- do plan_raw_load(path, files, logged, settings) -%}

    {#- 6. the views, all lines and the lines this run loads: one select per layout, each value
        read with its file's settings -#}
    {%- set layout_keys = ['file_format', 'encoding', 'delimiter', 'quote', 'escape', 'mapping',
        'decimal_separator', 'date'] -%}
    {%- set field_types = {} -%}
    {%- for file in files -%}
        {%- for field, column in file['mapping'].items() -%}
            {%- do field_types.update({field: (field_types.get(field, []) + [column[1]]) | unique | list}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set selects = raw_lines_selects(group_raw_files(files, layout_keys), field_types) -%}
    {%- set new_files = files | selectattr('is_new') | list -%}
    {%- set new_selects = raw_lines_selects(group_raw_files(new_files, layout_keys), field_types) if new_files
        else [selects[0] ~ ' limit 0'] -%}
    {%- set create_sql -%}
        create schema if not exists raw;
        create or replace view raw.online_retail_transactions as
        {{ selects | join('\nunion all\n') }};
        create or replace view raw.online_retail_new_transactions as
        {{ new_selects | join('\nunion all\n') }}
    {%- endset -%}
    {%- do run_query(create_sql) -%}

    {#- 7. the analysis window: the first and last invoice date of each file loaded now (one scan
        of those files), the load log's for the others -#}
    {%- if new_files -%}
        {%- set windows = {} -%}
        {%- for row in run_query("select source_file, cast(min(parsed_invoiced_at) as date), cast(max(parsed_invoiced_at) as date) "
            ~ "from raw.online_retail_new_transactions group by source_file").rows -%}
            {%- do windows.update({row[0]: row}) -%}
        {%- endfor -%}
        {%- for file in new_files -%}
            {%- set window = windows.get(file['path'], [none, none, none]) -%}
            {%- do file.update({'first_invoice_date': window[1], 'last_invoice_date': window[2]}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set first_dates = files | selectattr('first_invoice_date') | map(attribute='first_invoice_date') | map('string') | list -%}
    {%- set last_dates = files | selectattr('last_invoice_date') | map(attribute='last_invoice_date') | map('string') | list -%}
    {%- if not first_dates -%}
        {{ raw_file_error(path, "no InvoiceDate of any file can be read. Set var raw_date_format to the files' strptime format.") }}
    {%- endif -%}
    {{ check_analysis_window(first_dates | min, last_dates | max) }}

    {#- 8. raw.raw_files: one row per file, how it was read, and what the load log keeps of it -#}
    {%- set rows = [] -%}
    {%- for file in files -%}
        {%- set mapped = [] -%}
        {%- for spec in raw_transaction_fields() if spec['field'] in file['mapping'] -%}
            {%- do mapped.append(spec['field'] ~ '=' ~ file['mapping'][spec['field']][0]) -%}
        {%- endfor -%}
        {%- set values = [file['path'], file['file_format'], file['size_bytes'], file['line_count'], file.get('encoding'),
            file.get('has_bom', false), file.get('delimiter'), file['decimal_separator'], file['decimal_separator_basis'],
            file['date']['label'], file['date']['basis'], mapped | join(', '), file['last_modified'],
            file['content_fingerprint'], file['is_new'], file['read_settings'], file['description'],
            file['first_invoice_date'], file['last_invoice_date']] -%}
        {%- set literals = [] -%}
        {%- for value in values -%}
            {%- do literals.append('null' if value is none else (value | string | lower if value is sameas true or value is sameas false
                else ("'" ~ value | string | replace("'", "''") ~ "'" if value is string or value is not number else value | string))) -%}
        {%- endfor -%}
        {%- do rows.append('(' ~ literals | join(', ') ~ ')') -%}
    {%- endfor -%}
    {%- set create_sql -%}
        create or replace table raw.raw_files as
        select * exclude (first_invoice_date, last_invoice_date),
            cast(first_invoice_date as date) as first_invoice_date,
            cast(last_invoice_date as date) as last_invoice_date
        from (values {{ rows | join(', ') }}) as raw_files (
            file_path, file_format, file_size_bytes, line_count, encoding, has_byte_order_mark,
            delimiter, decimal_separator, decimal_separator_basis, date_format, date_format_basis, column_names,
            last_modified, content_fingerprint, is_new, read_settings, file_description,
            first_invoice_date, last_invoice_date
        )
    {%- endset -%}
    {%- do run_query(create_sql) -%}
    {%- set total = files | sum(attribute='line_count') -%}
    {%- set described = files | length - unprofiled | length -%}
    {{ log("raw file " ~ path ~ ": " ~ total ~ " lines" ~ (" in " ~ files | length ~ " files" if files | length > 1 else "")
        ~ (" (" ~ described ~ " described by the load log: their layout and value profile are not read again)" if described else ""), info=true) }}
{% endmacro %}
