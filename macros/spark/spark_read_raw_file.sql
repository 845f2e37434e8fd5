{#- (Re)creates the external table raw.raw_file_<n> over one raw file (Parquet as written; CSV with
    a header, every column as text, in `encoding`: utf-8 or latin-1) and returns the file dict with
    its columns ([name, DuckDB-style type], so map_raw_columns and raw_type_is_readable apply as on
    DuckDB) and, for CSV, its encoding. -#}
{% macro spark_read_raw_file(path, file, encoding=none) -%}
    {%- set described = dict(file) -%}
    {%- do run_query("drop table if exists " ~ file['table']) -%}
    {%- if file['file_format'] == 'parquet' -%}
        {%- do run_query("create table " ~ file['table'] ~ " using parquet options (path " ~ spark_sql_string(file['location']) ~ ")") -%}
    {%- else -%}
        {%- set encoding = encoding or ('latin-1' if var('raw_csv_encoding') | lower == 'latin-1' else 'utf-8') -%}
        {%- do run_query("create table " ~ file['table'] ~ " using csv options (path " ~ spark_sql_string(file['location'])
            ~ ", header 'true', inferSchema 'false', mode 'PERMISSIVE', multiLine 'true', sep " ~ spark_sql_string(file['delimiter'])
            ~ ", quote '\"', escape '\"', encoding " ~ spark_sql_string('ISO-8859-1' if encoding == 'latin-1' else 'UTF-8') ~ ")") -%}
        {%- do described.update({'encoding': encoding}) -%}
    {%- endif -%}
    {%- set types = {'string': 'VARCHAR', 'tinyint': 'TINYINT', 'smallint': 'SMALLINT', 'int': 'INTEGER', 'bigint': 'BIGINT',
        'float': 'FLOAT', 'double': 'DOUBLE', 'timestamp': 'TIMESTAMP', 'timestamp_ntz': 'TIMESTAMP', 'date': 'DATE', 'boolean': 'BOOLEAN'} -%}
    {%- set columns = [] -%}
    {%- for row in run_query("describe table " ~ file['table']).rows if row[0] and not row[0].startswith('#') -%}
        {%- set data_type = row[1] | lower -%}
        {%- do columns.append([row[0], types.get(data_type, data_type | upper)]) -%}
    {%- endfor -%}
    {%- do described.update({'columns': columns}) -%}
    {{ return(described) }}
{%- endmacro %}
