{#- Reads the header (and, for CSV, sniffs the dialect) of one raw file. Returns the file dict
    extended with: columns (list of [name, DuckDB type]); for CSV also encoding, has_bom,
    delimiter, quote and escape. When the sniffed sample has no quoted field the sniffer reports
    no quote ('(empty)'); the file is then read with the standard '"', which a file without
    quotes does not mind and a quoted field further down needs. A UTF-8 byte-order mark (Excel's
    "CSV UTF-8") is recognised from the header and the file is then read as UTF-8, which drops
    the mark; so is any file whose bytes are valid UTF-8. -#}
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
    {#- The encoding, from the bytes: a byte-order mark or valid UTF-8 means UTF-8, anything else
        Latin-1. DuckDB's Latin-1 reader refuses UTF-8 bytes 0x80-0x9F (the second byte of Ö, É,
        Ü), so a UTF-8 file must not be sniffed as Latin-1 first. A .gz file's bytes are
        compressed: it is read as Latin-1 first and switched to UTF-8 when its text holds UTF-8
        byte pairs (raw_text_profile). -#}
    {%- set compressed = (file['path'] | lower).endswith('.gz') -%}
    {%- set has_bom, is_utf8 = false, false -%}
    {%- if configured == 'auto' and not compressed -%}
        {%- set probe = run_query("select content[1:3] = '\\xEF\\xBB\\xBF'::blob, try(decode(content)) is not null"
            ~ " from read_blob(" ~ quoted_file ~ ")").rows[0] -%}
        {%- set has_bom, is_utf8 = probe[0], probe[1] -%}
    {%- endif -%}
    {%- set encoding = 'utf-8' if has_bom or is_utf8 else ('latin-1' if configured == 'auto' else configured) -%}
    {%- set sniffed = run_query("select Delimiter, Quote, Escape, array_to_string(list_transform(Columns, lambda c: c.name), chr(31))"
        ~ " from sniff_csv(" ~ quoted_file ~ ", encoding = '" ~ encoding ~ "')").rows[0] -%}
    {%- set names = sniffed[3].split('\x1f') -%}
    {%- set columns = [] -%}
    {%- for name in names -%}{%- do columns.append([name, 'VARCHAR']) -%}{%- endfor -%}
    {%- do described.update({
        'columns': columns,
        'has_bom': has_bom,
        'encoding': encoding,
        'is_encoding_settled': configured != 'auto' or not compressed,
        'delimiter': sniffed[0],
        'quote': sniffed[1] if sniffed[1] | length == 1 else '"',
        'escape': sniffed[2] if sniffed[2] | length == 1 else none,
    }) -%}
    {{ return(described) }}
{%- endmacro %}
