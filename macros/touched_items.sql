{#- The customer x stock code items an incremental netting model (`this`) must walk again: those
    of the staged lines loaded after the last run that walked it (the latest netted_at in it; a
    model that stopped half-way, or was left out of a run, walks more next time, never less).
    Lines of an item never net against another item's, so walking these items again over all
    their lines gives exactly what a full build gives. The watermark is read once, when the
    model is compiled, before its pre-hook deletes the rows of these items. -#}
{% macro touched_items() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set watermark = run_query("select coalesce(strftime(max(netted_at), '%Y-%m-%d %H:%M:%S.%f'), '1900-01-01') from "
        ~ this).columns[0].values()[0] -%}
    select distinct
        staged.customer_id,
        staged.stock_code
    from {{ ref('stg_online_retail__transactions') }} as staged
    where staged.loaded_at > cast('{{ watermark }}' as timestamp)
{%- endmacro %}
