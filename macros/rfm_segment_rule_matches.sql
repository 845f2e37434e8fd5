{#- Join condition between scored rows (columns r_score, fm_score) and seed rfm_segment_rules: the
    rule whose r and fm ranges hold the row's scores (a test proves each cell matches exactly one). -#}
{% macro rfm_segment_rule_matches(scored, rules) -%}
    {{ scored }}.r_score between {{ rules }}.r_score_min and {{ rules }}.r_score_max
    and {{ scored }}.fm_score between {{ rules }}.fm_score_min and {{ rules }}.fm_score_max
{%- endmacro %}
