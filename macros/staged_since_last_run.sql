{#- The staged lines an incremental model (`this`) has not yet seen: those loaded after the last
    run that wrote it (the latest value of its own timestamp column `written_at_column`; a model
    that stopped half-way, or was left out of a run, takes more next time, never less). A where
    clause on staging's loaded_at, which the query must call `staged`. The watermark is read
    once, when the model is compiled, before its pre-hook deletes any of its rows. -#}
{% macro staged_since_last_run(written_at_column) -%}
    {%- if not execute -%}{{ return('true') }}{%- endif -%}
    {%- set watermark = run_query("select coalesce(strftime(max(" ~ written_at_column ~ "), '%Y-%m-%d %H:%M:%S.%f'), '1900-01-01') from "
        ~ this).columns[0].values()[0] -%}
    staged.loaded_at > cast('{{ watermark }}' as timestamp)
{%- endmacro %}
