{#- True for the rows of `alias` (columns customer_id, stock_code) whose item an incremental
    netting model walks again on this run (macro touched_items): the rows it deletes first and
    the lines it reads again. -#}
{% macro is_touched_item(alias) -%}
    exists (
        select 1 from ({{ touched_items() }}) as touched
        where touched.customer_id = {{ alias }}.customer_id and touched.stock_code = {{ alias }}.stock_code
    )
{%- endmacro %}
