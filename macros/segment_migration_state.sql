{#- The state segment_migration gives a customer active by a period end (one with a row in
    customer_rfm_history): 'No longer active' after more than var inactive_after_days days without
    an order, else their RFM segment. Customers without a row yet are 'Not yet active'. -#}
{% macro segment_migration_state(rfm_segment, recency_days) -%}
    case
        when {{ recency_days }} > {{ var('inactive_after_days', 365) }} then 'No longer active'
        else {{ rfm_segment }}
    end
{%- endmacro %}
