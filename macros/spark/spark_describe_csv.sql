{#- The header line of one raw CSV file read by Spark: the delimiter (the most frequent of , ; tab |
    in it, ',' when none) and whether it starts with a UTF-8 byte-order mark. Returns a dict of
    delimiter and has_bom. -#}
{% macro spark_describe_csv(path, file) -%}
    {%- do run_query("create or replace temporary view customer_value_raw_header using text options (path "
        ~ spark_sql_string(file['location']) ~ ")") -%}
    {#- 65279: the code point of a byte-order mark (Spark's CSV reader leaves it out of the names) -#}
    {%- set lines = run_query("select value, ascii(value) = 65279 from customer_value_raw_header limit 1").rows -%}
    {%- set header = lines[0][0] if lines and lines[0][0] is not none else '' -%}
    {%- set has_bom = lines[0][1] if lines else false -%}
    {%- set counts = [] -%}
    {%- for delimiter in [',', ';', '\t', '|'] -%}{%- do counts.append([header.count(delimiter), loop.index, delimiter]) -%}{%- endfor -%}
    {%- set best = (counts | sort(attribute='0', reverse=true))[0] -%}
    {{ return({'delimiter': best[2] if best[0] > 0 else ',', 'has_bom': has_bom,
        'quote': '"', 'escape': '"'}) }}
{%- endmacro %}
