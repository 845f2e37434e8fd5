{#- Score 1-5 from a rank() (1 = lowest value) among `count` rows: 1 + floor(5 * (rank - 1) / (count - 1)),
    capped at 5. Ties share a rank, so they share a score. A single row scores 1. -#}
{% macro quintile_score(rank_column, count_column) -%}
    cast(least(5, 1 + floor(5.0 * ({{ rank_column }} - 1) / greatest({{ count_column }} - 1, 1))) as integer)
{%- endmacro %}
