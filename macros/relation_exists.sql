{#- Whether `relation` exists in the warehouse (false while parsing). For a model that reads a
    table a previous run may not have created yet, such as a snapshot before the first
    `dbt snapshot`. -#}
{% macro relation_exists(relation) -%}
    {%- if execute -%}
        {{ return(load_relation(relation) is not none) }}
    {%- endif -%}
    {{ return(false) }}
{%- endmacro %}
