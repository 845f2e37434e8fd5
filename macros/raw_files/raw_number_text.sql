{#- A raw number column ready to cast. Numeric columns as they are. Text is trimmed and read with
    the file's decimal separator: grouped thousands of the other separator are dropped when they
    are grouped strictly (1.234,50 or 1,234.50), and a value with the other separator anywhere
    else (2.55 in a decimal-comma file) is null, so it is quarantined instead of misread. -#}
{% macro raw_number_text(column, data_type, decimal_separator) -%}
    {%- if data_type != 'VARCHAR' -%}
        {{ column }}
    {%- elif decimal_separator == ',' -%}
        case
            when regexp_full_match(trim({{ column }}), '[-+]?\d{1,3}(\.\d{3})+(,\d+)?')
                then replace(replace(trim({{ column }}), '.', ''), ',', '.')
            when not contains(trim({{ column }}), '.') then replace(trim({{ column }}), ',', '.')
        end
    {%- else -%}
        case
            when regexp_full_match(trim({{ column }}), '[-+]?\d{1,3}(,\d{3})+(\.\d+)?')
                then replace(trim({{ column }}), ',', '')
            when not contains(trim({{ column }}), ',') then trim({{ column }})
        end
    {%- endif -%}
{%- endmacro %}
