{#- The files var('raw_transactions_path') names (a path or a glob), sorted, each as a dict with
    path, size_bytes, last_modified and file_format (csv or parquet). Stops the run when nothing matches or a
    file has a type that cannot be read. -#}
{% macro list_raw_files(path) -%}
    {%- set quoted_path = "'" ~ path | replace("'", "''") ~ "'" -%}
    {#- read_blob reads no file content when only the name and size are selected -#}
    {%- set found = run_query("select filename, size, cast(last_modified as varchar) from read_blob(" ~ quoted_path ~ ") order by filename") -%}
    {%- if found.rows | length == 0 -%}
        {{ raw_file_error(path, "no file found at this path (relative paths start at the dbt project folder). "
            ~ "Set var raw_transactions_path to an existing CSV or Parquet file, or a glob such as 'exports/*.csv'.") }}
    {%- endif -%}
    {%- set files = [] -%}
    {%- for row in found.rows -%}
        {%- set lowered = row[0] | lower -%}
        {%- if lowered.endswith('.parquet') or lowered.endswith('.pq') -%}
            {%- set file_format = 'parquet' -%}
        {%- elif lowered.endswith('.csv') or lowered.endswith('.csv.gz') or lowered.endswith('.txt')
            or lowered.endswith('.tsv') -%}
            {%- set file_format = 'csv' -%}
        {%- else -%}
            {{ raw_file_error(path, "unsupported file type: " ~ row[0] ~ " (use .csv, .csv.gz, .tsv or .parquet "
                ~ "files; convert the UCI .xlsx with `customer-value ingest`).") }}
        {%- endif -%}
        {%- do files.append({'path': row[0], 'size_bytes': row[1], 'last_modified': row[2], 'file_format': file_format}) -%}
    {%- endfor -%}
    {{ return(files) }}
{%- endmacro %}
