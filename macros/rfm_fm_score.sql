{#- The fm score that picks the RFM segment with r_score: the average of f_score and m_score,
    rounded half up. -#}
{% macro rfm_fm_score(f_score, m_score) -%}
    cast(floor(({{ f_score }} + {{ m_score }}) / 2.0 + 0.5) as integer)
{%- endmacro %}
