{#- `value` with every number as a plain int or float (agate gives decimals, which tojson cannot
    write), recursively through dicts and lists: what a raw file's description needs to be kept
    in the load log as JSON. -#}
{% macro json_safe(value) -%}
    {%- if value is mapping -%}
        {%- set safe = {} -%}
        {%- for key, item in value.items() -%}{%- do safe.update({key: json_safe(item)}) -%}{%- endfor -%}
        {{ return(safe) }}
    {%- elif value is string or value is none or value is sameas true or value is sameas false -%}
        {{ return(value) }}
    {%- elif value is number -%}
        {{ return(value | int if value == value | int else value | float) }}
    {%- elif value is iterable -%}
        {%- set safe = [] -%}
        {%- for item in value -%}{%- do safe.append(json_safe(item)) -%}{%- endfor -%}
        {{ return(safe) }}
    {%- endif -%}
    {{ return(value | string) }}
{%- endmacro %}
