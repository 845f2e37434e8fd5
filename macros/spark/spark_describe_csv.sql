{#- The header line of one raw CSV file read by Spark: the delimiter (the most frequent of , ; tab |
    in it, ',' when none). Returns a dict of delimiter, quote, escape and has_bom: none, unknown,
    because Hadoop's line reader drops a UTF-8 byte-order mark before Spark sees the text (the
    file is read right; only the mark cannot be reported). -#}
{% macro spark_describe_csv(path, file) -%}
    {%- do run_query("create or replace temporary view customer_value_raw_header using text options (path "
        ~ spark_sql_string(file['location']) ~ ")") -%}
    {%- set lines = run_query("select value from customer_value_raw_header limit 1").rows -%}
    {%- set header = lines[0][0] if lines and lines[0][0] is not none else '' -%}
    {%- set counts = [] -%}
    {%- for delimiter in [',', ';', '\t', '|'] -%}{%- do counts.append([header.count(delimiter), loop.index, delimiter]) -%}{%- endfor -%}
    {%- set best = (counts | sort(attribute='0', reverse=true))[0] -%}
    {{ return({'delimiter': best[2] if best[0] > 0 else ',', 'has_bom': none,
        'quote': '"', 'escape': '"'}) }}
{%- endmacro %}
