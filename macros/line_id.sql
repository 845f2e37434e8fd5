{#- A line's stable id from its invoice, its content fingerprint (row_fingerprint over the line's
    values, the invoice among them) and its copy number: the same line gets the same id on every
    run, whatever the order of its file. Dispatchable, with its type in line_id_type().
    DuckDB: one 128-bit number, the fingerprint in the high 64 bits and a hash of invoice and
    copy number in the low 64, which a table stores in 16 bytes and a join, sort or uniqueness
    test compares at once (writing 26.8 million staged lines took 28-32 s with the text form,
    25-27 s with the number). Two lines share an id only if both halves collide. Elsewhere
    (Spark): the text invoice-fingerprint-copy. -#}
{% macro line_id(invoice_id, line_fingerprint, copy_number) -%}
    {{ return(adapter.dispatch('line_id', 'customer_value')(invoice_id, line_fingerprint, copy_number)) }}
{%- endmacro %}

{% macro default__line_id(invoice_id, line_fingerprint, copy_number) -%}
    {{ dbt.concat([
        "coalesce(" ~ invoice_id ~ ", '')", "'-'",
        "cast(" ~ line_fingerprint ~ " as " ~ dbt.type_string() ~ ")", "'-'",
        "cast(" ~ copy_number ~ " as " ~ dbt.type_string() ~ ")"
    ]) }}
{%- endmacro %}

{% macro duckdb__line_id(invoice_id, line_fingerprint, copy_number) -%}
    (cast({{ line_fingerprint }} as uhugeint) << 64)
    | cast(hash({{ invoice_id }}, cast({{ copy_number }} as bigint)) as uhugeint)
{%- endmacro %}

{#- The SQL type of line_id(), for a typed null. -#}
{% macro line_id_type() -%}
    {{ return(adapter.dispatch('line_id_type', 'customer_value')()) }}
{%- endmacro %}

{% macro default__line_id_type() -%}
    {{ dbt.type_string() }}
{%- endmacro %}

{% macro duckdb__line_id_type() -%}
    uhugeint
{%- endmacro %}

{#- A line id as text. DuckDB: the hex digits of the 128-bit number (its cast to decimal text
    took about 28 microseconds a value here, hex about 0.1); elsewhere the id is text already. -#}
{% macro line_id_text(line_id) -%}
    {{ return(adapter.dispatch('line_id_text', 'customer_value')(line_id)) }}
{%- endmacro %}

{% macro default__line_id_text(line_id) -%}
    {{ line_id }}
{%- endmacro %}

{% macro duckdb__line_id_text(line_id) -%}
    hex({{ line_id }})
{%- endmacro %}
