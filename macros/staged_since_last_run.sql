{#- When the incremental model `this` last ran: the latest value of its own timestamp column
    `written_at_column`, as a timestamp literal ('1900-01-01' for an empty table, or one written
    by an earlier version without that column: every row is then taken again). A model that
    stopped half-way, or was left out of a run, takes more next time, never less. The watermark
    is read when the model is compiled, before its pre-hook deletes any of its rows. -#}
{% macro last_run_watermark(written_at_column) -%}
    {%- set never = "cast('1900-01-01' as timestamp)" -%}
    {%- if not execute -%}{{ return(never) }}{%- endif -%}
    {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {%- if written_at_column | lower not in columns -%}{{ return(never) }}{%- endif -%}
    {%- set watermark = run_query("select coalesce(strftime(max(" ~ written_at_column ~ "), '%Y-%m-%d %H:%M:%S.%f'), '1900-01-01') from "
        ~ this).columns[0].values()[0] -%}
    cast('{{ watermark }}' as timestamp)
{%- endmacro %}

{#- The staged lines an incremental model (`this`) has not yet seen: those loaded after the last
    run that wrote it (macro last_run_watermark on its timestamp column `written_at_column`). A
    where clause on staging's loaded_at, which the query must call `staged`. -#}
{% macro staged_since_last_run(written_at_column) -%}
    {%- if not execute -%}{{ return('true') }}{%- endif -%}
    staged.loaded_at > {{ last_run_watermark(written_at_column) }}
{%- endmacro %}
