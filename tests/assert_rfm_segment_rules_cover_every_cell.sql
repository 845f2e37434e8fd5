-- Every (r_score, fm_score) cell of the 5 x 5 grid must match exactly one segment rule.
with

rules as (

    select * from {{ ref('rfm_segment_rules') }}

),

scores as (

    select score_values.score
    from (values (1), (2), (3), (4), (5)) as score_values (score)

),

cells as (

    select
        r_scores.score as r_score,
        fm_scores.score as fm_score
    from scores as r_scores
    cross join scores as fm_scores

),

matches as (

    select
        cells.r_score,
        cells.fm_score,
        count(rules.rfm_segment) as matching_rules
    from cells
    left join rules
        on
            cells.r_score between rules.r_score_min and rules.r_score_max
            and cells.fm_score between rules.fm_score_min and rules.fm_score_max
    group by cells.r_score, cells.fm_score

)

select * from matches
where matching_rules != 1
