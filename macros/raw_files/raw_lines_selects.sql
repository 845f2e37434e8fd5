{#- One select per group of raw files of one layout: every line with its file name, the eight
    fields as written (as text where the groups disagree on a field's type, so the selects can be
    unioned) and the values read with the group's settings. -#}
{% macro raw_lines_selects(groups, field_types) -%}
    {%- set selects = [] -%}
    {%- for group in groups -%}
        {%- set mapping = group[0]['mapping'] -%}
        {%- set raw = {} -%}
        {%- for spec in raw_transaction_fields() -%}
            {%- set field = spec['field'] -%}
            {%- if field not in mapping -%}
                {%- do raw.update({field: 'cast(null as varchar)'}) -%}
            {%- elif field_types[field] | length > 1 or field not in ['Quantity', 'InvoiceDate', 'Price', 'Customer ID'] -%}
                {%- do raw.update({field: 'cast("' ~ mapping[field][0] ~ '" as varchar)'}) -%}
            {%- else -%}
                {%- do raw.update({field: '"' ~ mapping[field][0] ~ '"'}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set select_sql -%}
            select
                filename as source_file,
                {%- for spec in raw_transaction_fields() %}
                {{ raw[spec['field']] }} as "{{ spec['field'] }}",
                {%- endfor %}
                {{ parse_quantity('"' ~ mapping['Quantity'][0] ~ '"', mapping['Quantity'][1], group[0]['decimal_separator']) }} as parsed_quantity,
                {{ parse_price('"' ~ mapping['Price'][0] ~ '"', mapping['Price'][1], group[0]['decimal_separator']) }} as parsed_price,
                {{ parse_timestamp('"' ~ mapping['InvoiceDate'][0] ~ '"', mapping['InvoiceDate'][1], group[0]['date']['formats']) }} as parsed_invoiced_at,
                {{ parse_customer_id('"' ~ mapping['Customer ID'][0] ~ '"', mapping['Customer ID'][1]) }} as parsed_customer_id
            from {{ raw_file_reader(group) }}
        {%- endset -%}
        {%- do selects.append(select_sql) -%}
    {%- endfor -%}
    {{ return(selects) }}
{%- endmacro %}
