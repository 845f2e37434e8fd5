{#- The customer x stock code items an incremental load must walk again: those of the staged
    lines written since the last completed load (loaded_at after the load log's latest). Lines
    of an item never net against another item's, so walking these items again over all their
    lines gives exactly what a full build gives. The load log is read by name, not ref(): it is
    written after the netting (so a load that stops half-way is walked again next time), and a
    ref() would make a cycle. -#}
{% macro touched_items() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set log = graph.nodes['model.customer_value.int_raw_files_loaded'] -%}
    select distinct
        staged.customer_id,
        staged.stock_code
    from {{ ref('stg_online_retail__transactions') }} as staged
    where staged.loaded_at > (
        select coalesce(max(log.loaded_at), cast('1900-01-01' as timestamp))
        from {{ api.Relation.create(database=log.database, schema=log.schema, identifier=log.alias) }} as log
    )
{%- endmacro %}
