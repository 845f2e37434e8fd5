{#- The load log int_raw_files_loaded as {file path: row as a dict}, or {} when there is none
    (a new warehouse, or one a rebuild from scratch is about to start again). -#}
{% macro read_load_log() -%}
    {%- set node = graph.nodes.get('model.customer_value.int_raw_files_loaded') -%}
    {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)
        if node else none -%}
    {%- set logged = {} -%}
    {%- if relation is none -%}{{ return(logged) }}{%- endif -%}
    {%- set result = run_query("select file_path, file_size_bytes, last_modified, content_fingerprint, "
        ~ "settings_fingerprint, read_settings, file_description, first_invoice_date, last_invoice_date from "
        ~ relation) -%}
    {%- for row in result.rows -%}
        {%- set entry = {} -%}
        {%- for name in result.column_names -%}{%- do entry.update({name: row[name]}) -%}{%- endfor -%}
        {%- do logged.update({row['file_path']: entry}) -%}
    {%- endfor -%}
    {{ return(logged) }}
{%- endmacro %}
