{#- The profile of one raw file table on Spark (spark_raw_text_profile; the line count alone when
    no field is text) as a dict of column name -> value. -#}
{% macro spark_profile_raw_file(file) -%}
    {%- set result = run_query(spark_raw_text_profile(file['table'], file['mapping'])) -%}
    {%- set profile = {} -%}
    {%- for name in result.column_names -%}{%- do profile.update({name: result.rows[0][name]}) -%}{%- endfor -%}
    {{ return(profile) }}
{%- endmacro %}
