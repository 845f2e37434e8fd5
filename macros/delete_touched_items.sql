{#- Pre-hook of the incremental netting models: on an incremental run, delete the rows of the
    items (customer x stock code) this load walks again, so the model's insert replaces them. -#}
{% macro delete_touched_items() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as netted
        where {{ is_touched_item('netted') }}
    {%- endif -%}
{%- endmacro %}
