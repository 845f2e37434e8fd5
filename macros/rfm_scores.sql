{#- The three quintile score columns r_score, f_score and m_score of rows that have columns
    recency_days, frequency and monetary. Scores are ranked among all rows, or within each group
    of `partition_by` (e.g. 'period_end_date' for quintiles per period). rank() gives tied values
    the same rank, so equal values always get the same score; recency is reversed (the most recent
    customers score 5). See quintile_score. -#}
{% macro rfm_scores(partition_by=none) -%}
    {%- set partition = 'partition by ' ~ partition_by ~ ' ' if partition_by else '' -%}
    {%- set customers = 'count(*) over (' ~ partition | trim ~ ')' -%}
    {{ quintile_score('rank() over (' ~ partition ~ 'order by recency_days desc)', customers) }} as r_score,
    {{ quintile_score('rank() over (' ~ partition ~ 'order by frequency)', customers) }} as f_score,
    {{ quintile_score('rank() over (' ~ partition ~ 'order by monetary)', customers) }} as m_score
{%- endmacro %}
