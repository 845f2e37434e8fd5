{#- The raw files int_raw_files_measured (`this`) must count again: those with staged lines
    loaded since it last ran (macro staged_since_last_run on its measured_at): new files, and
    files some of whose lines staging wrote again because a new file changed their flags. Each
    file is counted over all its lines, so counting these again gives what a full build gives. -#}
{% macro touched_files() -%}
    select distinct staged.source_file
    from {{ ref('stg_online_retail__transactions') }} as staged
    where {{ staged_since_last_run('measured_at') }}
{%- endmacro %}
