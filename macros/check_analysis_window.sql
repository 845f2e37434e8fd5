{#- Stops the run when the analysis dates cannot work with the data: an observation end before
    the first invoice, or (when the run builds the lifetime-value models) a holdout at least as
    long as the data. -#}
{% macro check_analysis_window(first_invoice_date, last_invoice_date) %}
    {%- set configured_end = var('observation_end_date', none) -%}
    {%- set observation_end = (configured_end | string) if configured_end else (last_invoice_date | string) -%}
    {%- if configured_end and (configured_end | string) < (first_invoice_date | string) -%}
        {{ exceptions.raise_compiler_error(
            "var observation_end_date = " ~ configured_end ~ " is before the first invoice ("
            ~ first_invoice_date ~ "): no sale would remain. Set it between " ~ first_invoice_date
            ~ " and " ~ last_invoice_date ~ ", or leave it unset.") }}
    {%- endif -%}
    {%- set span_days = (modules.datetime.date.fromisoformat(observation_end[:10])
        - modules.datetime.date.fromisoformat(first_invoice_date | string)).days -%}
    {%- set holdout_days = var('holdout_days') | int -%}
    {#- the holdout only matters when this run builds the lifetime-value models -#}
    {%- set builds_clv = 'model.customer_value.clv_holdout_predictions' in selected_resources
        or 'model.customer_value.clv_calibration_fits' in selected_resources
        or 'model.customer_value.customer_clv_predictions' in selected_resources -%}
    {%- if builds_clv and (holdout_days < 1 or holdout_days >= span_days) -%}
        {{ exceptions.raise_compiler_error(
            "var holdout_days = " ~ var('holdout_days') ~ " must be at least 1 and shorter than the data, which spans "
            ~ span_days ~ " days (" ~ first_invoice_date ~ " to the observation end " ~ observation_end[:10]
            ~ "); the CLV models need a calibration period before the holdout. Lower holdout_days.") }}
    {%- endif -%}
{% endmacro %}
