{#- A fingerprint of everything besides a file's own bytes that decides how its lines were read
    and classified: the reading and analysis vars, the seeds' contents (dbt's checksums of their
    files), the DuckDB version (line fingerprints use its hash function) and the form of the
    line-level tables, which this project raises when it changes them (2: the 128-bit line_id
    of macro line_id, and the cancellation walk's invoice order at equal times). Lines loaded
    under other settings are not reused: the load is rebuilt from scratch when it differs from
    the load log's. -#}
{% macro load_settings_fingerprint() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set settings = [] -%}
    {%- for name in ['raw_csv_encoding', 'raw_date_format', 'raw_decimal_separator', 'raw_column_names',
        'observation_end_date'] -%}
        {%- set value = var(name, none) -%}
        {%- do settings.append([name, value if value is mapping or value is none else value | string]) -%}
    {%- endfor -%}
    {%- for node in graph.nodes.values() | sort(attribute='unique_id') if node.resource_type == 'seed' -%}
        {%- do settings.append([node.name, node.checksum.checksum]) -%}
    {%- endfor -%}
    {%- do settings.append(['duckdb', run_query('select version()').columns[0].values()[0]]) -%}
    {%- do settings.append(['line_tables_form', 2]) -%}
    {{ return(local_md5(tojson(settings, sort_keys=true))) }}
{%- endmacro %}
