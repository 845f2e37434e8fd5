{#- Whether the whole of `value` (an SQL expression) matches the regular expression `pattern`
    (written as a plain regex, e.g. \d+): DuckDB's regexp_full_match, Spark's anchored rlike
    (whose string literals take backslash escapes, so they are doubled). -#}
{% macro full_match(value, pattern) -%}
    {{ return(adapter.dispatch('full_match', 'customer_value')(value, pattern)) }}
{%- endmacro %}

{% macro default__full_match(value, pattern) -%}
    regexp_full_match({{ value }}, '{{ pattern }}')
{%- endmacro %}

{% macro spark__full_match(value, pattern) -%}
    ({{ value }}) rlike '^(?:{{ pattern | replace("\\", "\\\\") }})$'
{%- endmacro %}
