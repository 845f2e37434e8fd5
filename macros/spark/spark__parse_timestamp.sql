{#- Spark's parse_timestamp (see macros/raw_files/parse_timestamp.sql): a timestamp or date column
    as it is (Spark timestamps are instants shown at the session time zone, UTC in the profile);
    text as ISO 8601, else with the file's strptime formats turned into Spark patterns, tried in
    order. Null when none reads it. -#}
{% macro spark__parse_timestamp(column, data_type, formats) -%}
    {%- if data_type != 'VARCHAR' -%}
        cast({{ column }} as timestamp)
    {%- elif formats -%}
        coalesce(
            try_cast(trim({{ column }}) as timestamp)
            {%- for format in formats %},
            try_to_timestamp(trim({{ column }}), '{{ spark_datetime_pattern(format) | replace("'", "\\'") }}')
            {%- endfor %}
        )
    {%- else -%}
        try_cast(trim({{ column }}) as timestamp)
    {%- endif -%}
{%- endmacro %}
