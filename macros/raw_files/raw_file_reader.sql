{#- The DuckDB table function reading a group of raw files that share one layout, with the file
    name of each line in column `filename`. CSV: every column as text, so a bad value becomes a
    quarantined line instead of a failed read, with the dialect found by describe_raw_file. -#}
{% macro raw_file_reader(files) -%}
    {%- set first = files[0] -%}
    {%- set paths = [] -%}
    {%- for file in files -%}{%- do paths.append("'" ~ file['path'] | replace("'", "''") ~ "'") -%}{%- endfor -%}
    {%- if first['file_format'] == 'parquet' -%}
        read_parquet([{{ paths | join(', ') }}], union_by_name = true, filename = true)
    {%- else -%}
        {%- set options = [
            "header = true", "all_varchar = true", "union_by_name = true", "filename = true",
            "encoding = '" ~ first['encoding'] ~ "'",
            "delim = '" ~ first['delimiter'] | replace("'", "''") ~ "'",
        ] -%}
        {%- if first['quote'] -%}{%- do options.append("quote = '" ~ first['quote'] | replace("'", "''") ~ "'") -%}{%- endif -%}
        {%- if first['escape'] -%}{%- do options.append("escape = '" ~ first['escape'] | replace("'", "''") ~ "'") -%}{%- endif -%}
        read_csv([{{ paths | join(', ') }}], {{ options | join(', ') }})
    {%- endif -%}
{%- endmacro %}
