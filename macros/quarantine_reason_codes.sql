{#- The quarantine reasons of seed quarantine_reasons in priority order, for models with one
    column per reason (int_raw_files_checked, file_load_quality). Written out rather than read
    from the seed at compile time so the models compile without a warehouse; the test
    assert_quarantine_reason_codes_match_the_seed fails when the two lists differ. -#}
{% macro quarantine_reason_codes() -%}
    {{ return([
        'unparseable_value', 'exact_duplicate', 'after_observation_end', 'no_customer_id',
        'malformed_customer_id', 'several_customers_on_invoice', 'bad_debt_adjustment',
        'non_product_code', 'zero_price', 'negative_price', 'zero_quantity',
        'negative_quantity_adjustment', 'cancellation_with_positive_quantity',
    ]) }}
{%- endmacro %}
