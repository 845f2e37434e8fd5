{#- Finds the eight Online Retail II fields among one file's columns: by var raw_column_names
    (field -> the file's column name) when the file has that column, else by either UCI naming in
    any letter case and with or without spaces and underscores. Returns {field: [column name, DuckDB type]};
    Description may be missing (it is then empty). Stops the run, naming the file, the columns
    found and the var, when a field is missing or has a type that cannot hold its values. -#}
{% macro map_raw_columns(path, file) -%}
    {%- set configured = var('raw_column_names', {}) or {} -%}
    {%- set by_name = {} -%}
    {%- set by_key = {} -%}
    {%- for name, data_type in file['columns'] -%}
        {%- do by_name.update({name: [name, data_type]}) -%}
        {%- do by_key.update({name | lower | replace(' ', '') | replace('_', ''): [name, data_type]}) -%}
    {%- endfor -%}
    {%- set unknown = [] -%}
    {%- for field in configured -%}
        {%- if field not in raw_transaction_fields() | map(attribute='field') | list -%}{%- do unknown.append(field) -%}{%- endif -%}
    {%- endfor -%}
    {%- if unknown -%}
        {{ raw_file_error(path, "var raw_column_names names unknown field(s) " ~ unknown | join(', ')
            ~ "; its keys are the fields " ~ raw_transaction_fields() | map(attribute='field') | join(', ') ~ ".") }}
    {%- endif -%}

    {%- set mapping = {} -%}
    {%- set missing = [] -%}
    {%- set missing_fields = [] -%}
    {%- set bad_types = [] -%}
    {%- for spec in raw_transaction_fields() -%}
        {%- set hit = [] -%}
        {%- if spec['field'] in configured -%}
            {%- set wanted = configured[spec['field']] | string -%}
            {%- if wanted in by_name -%}{%- do hit.append(by_name[wanted]) -%}
            {%- elif (wanted | lower | replace(' ', '') | replace('_', '')) in by_key -%}
                {%- do hit.append(by_key[wanted | lower | replace(' ', '') | replace('_', '')]) -%}
            {%- endif -%}
        {%- endif -%}
        {#- the UCI names too, so a glob may mix UCI-named files with files the var maps -#}
        {%- for alias in spec['aliases'] if alias in by_key and not hit -%}{%- do hit.append(by_key[alias]) -%}{%- endfor -%}
        {%- if hit -%}
            {%- do mapping.update({spec['field']: hit[0]}) -%}
            {%- if not raw_type_is_readable(hit[0][1], spec['kind']) -%}
                {%- do bad_types.append(hit[0][0] ~ ' is ' ~ hit[0][1] ~ ' (expected ' ~ spec['kind'] | replace('_', ' ') ~ ')') -%}
            {%- endif -%}
        {%- elif spec['required'] -%}
            {%- do missing_fields.append(spec['field']) -%}
            {%- do missing.append(spec['field'] ~ (' (var raw_column_names names it ' ~ configured[spec['field']] ~ ')'
                if spec['field'] in configured else '')) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if missing -%}
        {%- set found_names = file['columns'] | map('first') | list -%}
        {%- set example = [] -%}
        {%- for field in missing_fields -%}{%- do example.append('"' ~ field ~ '": "<column>"') -%}{%- endfor -%}
        {{ raw_file_error(path, "file " ~ file['path'] ~ ": missing column(s) " ~ missing | join(', ') ~ ". Found: "
            ~ found_names | join(', ') ~ ". Both UCI namings are read (Invoice or InvoiceNo, Price or UnitPrice, "
            ~ "Customer ID or CustomerID). For other names, map each field to one of the columns found with var "
            ~ "raw_column_names, e.g. --vars '{raw_column_names: {" ~ example | join(', ') ~ "}}'"
            ~ (" (the first column read as '" ~ found_names[0] ~ "': if it should read "
                ~ found_names[0] | replace('\u00ef\u00bb\u00bf', '') ~ ", set var raw_csv_encoding to utf-8)"
                if found_names and '\u00ef\u00bb\u00bf' in found_names[0] else '') ~ ".") }}
    {%- endif -%}
    {%- if bad_types -%}
        {{ raw_file_error(path, "file " ~ file['path'] ~ ": unreadable column type: " ~ bad_types | join('; ') ~ ".") }}
    {%- endif -%}
    {{ return(mapping) }}
{%- endmacro %}
