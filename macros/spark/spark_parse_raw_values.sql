{#- The four parsed columns of Spark's raw view, the same readings as parse_quantity, parse_price
    and parse_customer_id (macros/raw_files/) give on DuckDB, from `mapping` (field -> [column,
    type]) with the file's decimal separator and date formats. Returns a dict of SQL expressions:
    parsed_quantity, parsed_price, parsed_invoiced_at, parsed_customer_id. -#}
{% macro spark_parse_raw_values(mapping, decimal_separator, date_formats) -%}
    {%- set quantity = spark_raw_number_text('`' ~ mapping['Quantity'][0] ~ '`', mapping['Quantity'][1], decimal_separator) -%}
    {%- set price = spark_raw_number_text('`' ~ mapping['Price'][0] ~ '`', mapping['Price'][1], decimal_separator) -%}
    {%- set customer = '`' ~ mapping['Customer ID'][0] ~ '`' -%}
    {%- if mapping['Customer ID'][1] != 'VARCHAR' -%}
        {%- set customer_id -%}
            case
                when {{ customer }} = floor({{ customer }}) then cast(cast({{ customer }} as decimal(38, 0)) as string)
                else cast({{ customer }} as string)
            end
        {%- endset -%}
    {%- else -%}
        {%- set customer_id -%}
            case
                when trim({{ customer }}) rlike '^\\d+([.,]0{1,2})?$'
                    then regexp_extract(trim({{ customer }}), '^0*(\\d+?)(?:[.,]0{1,2})?$', 1)
                when trim({{ customer }}) rlike '^\\d+(\\.\\d+)?[eE]\\+?\\d+$'
                    then cast(cast(try_cast(trim({{ customer }}) as double) as decimal(38, 0)) as string)
                else nullif(trim({{ customer }}), '')
            end
        {%- endset -%}
    {%- endif -%}
    {%- set parsed_quantity -%}
        cast(
            case
                when try_cast({{ quantity }} as decimal(18, 3)) = floor(try_cast({{ quantity }} as decimal(18, 3)))
                    then try_cast({{ quantity }} as decimal(18, 3))
            end as bigint
        )
    {%- endset -%}
    {{ return({
        'parsed_quantity': parsed_quantity,
        'parsed_price': 'try_cast(' ~ price ~ ' as decimal(18, 4))',
        'parsed_invoiced_at': parse_timestamp('`' ~ mapping['InvoiceDate'][0] ~ '`', mapping['InvoiceDate'][1], date_formats),
        'parsed_customer_id': customer_id,
    }) }}
{%- endmacro %}
