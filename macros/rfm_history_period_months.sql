{#- Months in one period of the RFM history, from var rfm_history_period: month = 1, quarter = 3.
    Any other value stops the run with a message that names the var. -#}
{% macro rfm_history_period_months() -%}
    {%- set period = var('rfm_history_period', 'month') -%}
    {%- set months = {'month': 1, 'quarter': 3} -%}
    {%- if period not in months -%}
        {{ exceptions.raise_compiler_error(
            "var rfm_history_period = '" ~ period ~ "' is not a period: use month or quarter.") }}
    {%- endif -%}
    {{ return(months[period]) }}
{%- endmacro %}
