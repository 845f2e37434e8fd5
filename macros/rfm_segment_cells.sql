{#- The 25 cells of the r_score x fm_score grid with the segment of the seed rule that holds each
    (a test proves each cell matches exactly one rule), as a select of r_score, fm_score,
    rfm_segment. Models equi-join their scores to it: a join on the rules' between-ranges would be
    an inequality join over every scored row, much slower at millions of rows. -#}
{% macro rfm_segment_cells(rules) -%}
    select
        r_scores.score as r_score,
        fm_scores.score as fm_score,
        {{ rules }}.rfm_segment
    from (values (1), (2), (3), (4), (5)) as r_scores (score)
    cross join (values (1), (2), (3), (4), (5)) as fm_scores (score)
    inner join {{ rules }}
        on
            r_scores.score between {{ rules }}.r_score_min and {{ rules }}.r_score_max
            and fm_scores.score between {{ rules }}.fm_score_min and {{ rules }}.fm_score_max
{%- endmacro %}
