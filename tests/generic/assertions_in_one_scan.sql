{#- Several assertions on one table in one scan (each separate test would read it again). Each
    entry of `assertions` is {name: ..., expression: ...}, a boolean SQL expression that must be
    true on every row (null fails, as expression_is_true), or {name: ..., unique: ...}, a key
    expression that must not repeat among its non-null values (as dbt's unique). Fails with one
    row per broken assertion: its name and how many rows break it (for a key: rows beyond the
    first of each repeated value). -#}
{% test assertions_in_one_scan(model, assertions, column_name=none) %}
    {%- if not assertions %}
        {{ exceptions.raise_compiler_error("assertions_in_one_scan on " ~ model ~ ": give at least one assertion") }}
    {%- endif %}
    with

    counts as (

        select
            {%- for assertion in assertions %}
            {%- if assertion.unique is defined %}
            count({{ assertion.unique }}) - count(distinct {{ assertion.unique }})
            {%- elif assertion.expression is defined %}
            count(*) filter (where not coalesce(({{ assertion.expression }}), false))
            {%- else %}
            {{ exceptions.raise_compiler_error("assertions_in_one_scan on " ~ model ~ ": assertion "
                ~ assertion.name ~ " needs an expression or a unique key") }}
            {%- endif %} as assertion_{{ loop.index }}{{ "," if not loop.last }}
            {%- endfor %}
        from {{ model }}

    ),

    broken as (

        {%- for assertion in assertions %}
        select
            '{{ assertion.name | replace("'", "''") }}' as assertion_name,
            assertion_{{ loop.index }} as failing_rows
        from counts
        {{ "union all" if not loop.last }}
        {%- endfor %}

    )

    select * from broken
    where failing_rows > 0
{% endtest %}
