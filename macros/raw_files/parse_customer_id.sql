{#- A raw Customer ID as one text key, whatever form the export wrote it in: 17850, 17850.0,
    17850,0, ' 17850 ', 017850 and 1.785E+04 all give '17850' (leading zeros dropped, as
    spreadsheets do). 17,000 or 17.000 is not read as 17 (a thousands group, not a fraction). Other ids are kept trimmed (a letter-prefixed id such as C17850 is judged
    later against the data's dominant form); blank means no customer. -#}
{% macro parse_customer_id(column, data_type='VARCHAR') -%}
    {%- if data_type != 'VARCHAR' -%}
        case
            when {{ column }} = floor({{ column }}) then cast(cast({{ column }} as hugeint) as varchar)
            else cast({{ column }} as varchar)
        end
    {%- else -%}
        case
            when regexp_full_match(trim({{ column }}), '\d+([.,]0{1,2})?')
                then regexp_extract(trim({{ column }}), '^0*(\d+?)(?:[.,]0{1,2})?$', 1)
            when regexp_full_match(trim({{ column }}), '\d+(\.\d+)?[eE]\+?\d+')
                then cast(cast(try_cast(trim({{ column }}) as double) as hugeint) as varchar)
            else nullif(trim({{ column }}), '')
        end
    {%- endif -%}
{%- endmacro %}
