{#- Pre-hook of int_raw_files_measured: on an incremental run, delete the touched files' rows. -#}
{% macro delete_touched_files() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where source_file in ({{ touched_files() }})
    {%- endif -%}
{%- endmacro %}
