{#- The RFM columns of customer_rfm and customer_rfm_history, typed as their contracts say:
    rfm_cell, rfm_segment, recency_days, frequency, monetary, r_score, f_score, m_score, fm_score,
    from the relation `segmented` (values, scores and fm_score) joined to `segment_cells`
    (macro rfm_segment_cells). -#}
{% macro rfm_output_columns(segmented, segment_cells) -%}
    cast(
        cast({{ segmented }}.r_score as {{ dbt.type_string() }}) || cast({{ segmented }}.f_score as {{ dbt.type_string() }})
        || cast({{ segmented }}.m_score as {{ dbt.type_string() }}) as {{ dbt.type_string() }}
    ) as rfm_cell,
    cast({{ segment_cells }}.rfm_segment as {{ dbt.type_string() }}) as rfm_segment,
    cast({{ segmented }}.recency_days as integer) as recency_days,
    cast({{ segmented }}.frequency as integer) as frequency,
    cast({{ segmented }}.monetary as decimal(18, 2)) as monetary,
    cast({{ segmented }}.r_score as integer) as r_score,
    cast({{ segmented }}.f_score as integer) as f_score,
    cast({{ segmented }}.m_score as integer) as m_score,
    cast({{ segmented }}.fm_score as integer) as fm_score
{%- endmacro %}
