{#- The rfm cell: the three scores as text, R then F then M (e.g. '545'). -#}
{% macro rfm_cell(r_score, f_score, m_score) -%}
    cast(
        cast({{ r_score }} as varchar) || cast({{ f_score }} as varchar) || cast({{ m_score }} as varchar)
        as varchar
    )
{%- endmacro %}
