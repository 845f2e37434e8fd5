{#- Whether a raw column's DuckDB type can hold the kind of value expected ('timestamp' or a
    number/text kind). Text can hold anything: values that do not parse are quarantined later. -#}
{% macro raw_type_is_readable(data_type, kind) -%}
    {%- set numeric = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT',
        'UINTEGER', 'UBIGINT', 'FLOAT', 'DOUBLE', 'REAL'] -%}
    {%- if data_type == 'VARCHAR' -%}
        {{ return(true) }}
    {%- elif kind == 'timestamp' -%}
        {{ return(data_type.startswith('TIMESTAMP') or data_type == 'DATE') }}
    {%- else -%}
        {{ return(data_type in numeric or data_type.startswith('DECIMAL')) }}
    {%- endif -%}
{%- endmacro %}
