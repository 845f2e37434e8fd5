{#- Reads the header (and, for CSV, sniffs the dialect) of one raw file. Returns the file dict
    extended with: columns (list of [name, DuckDB type]); for CSV also encoding, has_bom,
    delimiter, quote and escape. When the sniffed sample has no quoted field the sniffer reports
    no quote ('(empty)'); the file is then read with the standard '"', which a file without
    quotes does not mind and a quoted field further down needs. A UTF-8 byte-order mark (Excel's
    "CSV UTF-8") is recognised from the header and the file is then read as UTF-8, which drops
    the mark. -#}
{% macro describe_raw_file(path, file) -%}
    {%- set quoted_file = "'" ~ file['path'] | replace("'", "''") ~ "'" -%}
    {%- set described = dict(file) -%}
    {%- if file['file_format'] == 'parquet' -%}
        {%- set schema = run_query("describe select * from read_parquet(" ~ quoted_file ~ ")") -%}
        {%- set columns = [] -%}
        {%- for row in schema.rows -%}{%- do columns.append([row[0], row[1] | upper]) -%}{%- endfor -%}
        {%- do described.update({'columns': columns}) -%}
        {{ return(described) }}
    {%- endif -%}

    {%- set configured = var('raw_csv_encoding') | lower -%}
    {%- if configured not in ['auto', 'utf-8', 'latin-1'] -%}
        {{ raw_file_error(path, "var raw_csv_encoding = '" ~ configured ~ "' is not one of auto, utf-8, latin-1.") }}
    {%- endif -%}
    {#- Latin-1 decodes every byte, so it is the safe first read; a UTF-8 mark then shows as 'ï»¿'. -#}
    {%- set sniff_sql -%}
        select Delimiter, Quote, Escape, array_to_string(list_transform(Columns, lambda c: c.name), chr(31))
        from sniff_csv({{ quoted_file }}, encoding = '{{ "latin-1" if configured == "auto" else configured }}')
    {%- endset -%}
    {%- set sniffed = run_query(sniff_sql).rows[0] -%}
    {%- set names = sniffed[3].split('\x1f') -%}
    {%- set has_bom = names[0].startswith('\u00ef\u00bb\u00bf') -%}
    {%- if has_bom -%}
        {%- set sniffed = run_query(sniff_sql | replace("encoding = 'latin-1'", "encoding = 'utf-8'")).rows[0] -%}
        {%- set names = sniffed[3].split('\x1f') -%}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for name in names -%}{%- do columns.append([name, 'VARCHAR']) -%}{%- endfor -%}
    {%- do described.update({
        'columns': columns,
        'has_bom': has_bom,
        'encoding': 'utf-8' if has_bom else ('latin-1' if configured == 'auto' else configured),
        'delimiter': sniffed[0],
        'quote': sniffed[1] if sniffed[1] | length == 1 else '"',
        'escape': sniffed[2] if sniffed[2] | length == 1 else none,
    }) -%}
    {{ return(described) }}
{%- endmacro %}
