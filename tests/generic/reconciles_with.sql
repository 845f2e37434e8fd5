{#-
    Fails with the groups where sum(column) of the model differs from sum(compare_expression) of
    compare_model by more than `tolerance` (0 = exact, to the penny for decimals), in total
    (group_by empty) or per group. A group present on one side only counts as a zero on the other.
-#}
{% test reconciles_with(model, column_name, compare_model, compare_expression, group_by=[], where_compare=none, tolerance=0) %}
    with
    model_totals as (
        select
            {%- for key in group_by %} {{ key }},{% endfor %}
            sum({{ column_name }}) as model_total
        from {{ model }}
        {%- if group_by %} group by {{ group_by | join(', ') }}{% endif %}
    ),
    compare_totals as (
        select
            {%- for key in group_by %} {{ key }},{% endfor %}
            sum({{ compare_expression }}) as compare_total
        from {{ compare_model }}
        {%- if where_compare %} where {{ where_compare }}{% endif %}
        {%- if group_by %} group by {{ group_by | join(', ') }}{% endif %}
    ),
    compared as (
        select
            {%- for key in group_by %} coalesce(model_totals.{{ key }}, compare_totals.{{ key }}) as {{ key }},{% endfor %}
            coalesce(model_totals.model_total, 0) as model_total,
            coalesce(compare_totals.compare_total, 0) as compare_total
        from model_totals
        full outer join compare_totals
            on {% for key in group_by %}model_totals.{{ key }} = compare_totals.{{ key }}{{ ' and ' if not loop.last }}{% else %}true{% endfor %}
    )
    select *
    from compared
    where abs(model_total - compare_total) > {{ tolerance }}
{% endtest %}
