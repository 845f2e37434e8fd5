{#- The three quintile score columns r_score, f_score and m_score of rows that have columns
    recency_days, frequency and monetary, ranked among all rows. rank() gives tied values the
    same rank, so equal values always get the same score; recency is reversed (the most recent
    customers score 5). See quintile_score. customer_rfm_history takes the same ranks within each
    period end, counting the recency and frequency ranks instead of sorting. -#}
{% macro rfm_scores() -%}
    {{ quintile_score('rank() over (order by recency_days desc)', 'count(*) over ()') }} as r_score,
    {{ quintile_score('rank() over (order by frequency)', 'count(*) over ()') }} as f_score,
    {{ quintile_score('rank() over (order by monetary)', 'count(*) over ()') }} as m_score
{%- endmacro %}
