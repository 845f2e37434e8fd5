{#- The last day of the CLV calibration window as a SQL date expression: the observation end
    minus var holdout_days (the Python models split at the same day). -#}
{% macro calibration_end_date() -%}
    cast({{ dbt.dateadd('day', -(var('holdout_days') | int), observation_end_date()) }} as date)
{%- endmacro %}
