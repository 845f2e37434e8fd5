{#- Splits the raw files into groups that agree on every one of `keys` (in the order the files
    come), so that each group can be read by one table-function call. -#}
{% macro group_raw_files(files, keys) -%}
    {%- set groups = {} -%}
    {%- set order = [] -%}
    {%- for file in files -%}
        {%- set key_values = [] -%}
        {%- for key in keys -%}{%- do key_values.append(file.get(key)) -%}{%- endfor -%}
        {%- set key = tojson(key_values) -%}
        {%- if key not in groups -%}{%- do groups.update({key: []}) -%}{%- do order.append(key) -%}{%- endif -%}
        {%- do groups[key].append(file) -%}
    {%- endfor -%}
    {%- set grouped = [] -%}
    {%- for key in order -%}{%- do grouped.append(groups[key]) -%}{%- endfor -%}
    {{ return(grouped) }}
{%- endmacro %}
