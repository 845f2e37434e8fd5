{#- Spark's raw_number_text (see macros/raw_files/raw_number_text.sql): a raw number column ready
    to cast, text read with the file's decimal separator, strictly grouped thousands of the other
    separator dropped, any other use of it null (quarantined, not misread). -#}
{% macro spark_raw_number_text(column, data_type, decimal_separator) -%}
    {%- if data_type != 'VARCHAR' -%}
        {{ column }}
    {%- elif decimal_separator == ',' -%}
        case
            when trim({{ column }}) rlike '^[-+]?\\d{1,3}(\\.\\d{3})+(,\\d+)?$'
                then replace(replace(trim({{ column }}), '.', ''), ',', '.')
            when not contains(trim({{ column }}), '.') then replace(trim({{ column }}), ',', '.')
        end
    {%- else -%}
        case
            when trim({{ column }}) rlike '^[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?$'
                then replace(trim({{ column }}), ',', '')
            when not contains(trim({{ column }}), ',') then trim({{ column }})
        end
    {%- endif -%}
{%- endmacro %}
