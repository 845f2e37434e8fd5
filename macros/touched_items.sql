{#- The customer x stock code items an incremental netting model (`this`) must walk again: those
    of the staged lines loaded since it last ran (macro staged_since_last_run on its netted_at).
    Lines of an item never net against another item's, so walking these items again over all
    their lines gives exactly what a full build gives. -#}
{% macro touched_items() -%}
    select distinct
        staged.customer_id,
        staged.stock_code
    from {{ ref('stg_online_retail__transactions') }} as staged
    where {{ staged_since_last_run('netted_at') }}
{%- endmacro %}
