{#- The decimal separator of one file's text Quantity and Price values: var raw_decimal_separator
    when set, else detected from the values (2.55 or 2,55). Returns [separator, basis]; a file
    that writes both is read with the more common one and reported. -#}
{% macro choose_decimal_separator(path, file, profile) -%}
    {%- set configured = var('raw_decimal_separator', 'auto') | string -%}
    {%- if configured not in ['auto', '.', ','] -%}
        {{ raw_file_error(path, "var raw_decimal_separator = '" ~ configured ~ "' is not one of auto, '.', ','.") }}
    {%- endif -%}
    {%- if 'price_values' not in profile and 'quantity_values' not in profile -%}
        {{ return(['.', 'number columns']) }}
    {%- elif configured != 'auto' -%}
        {{ return([configured, 'var raw_decimal_separator']) }}
    {%- endif -%}
    {%- set dots = (profile.get('price_dot_decimals') or 0) + (profile.get('quantity_dot_decimals') or 0) -%}
    {%- set commas = (profile.get('price_comma_decimals') or 0) + (profile.get('quantity_comma_decimals') or 0) -%}
    {%- if dots == 0 and commas == 0 -%}
        {{ return(['.', 'no decimals in the file']) }}
    {%- elif dots == 0 or commas == 0 -%}
        {{ return(['.' if commas == 0 else ',', 'detected']) }}
    {%- endif -%}
    {%- set chosen = '.' if dots >= commas else ',' -%}
    {%- do exceptions.warn("raw file " ~ file['path'] ~ ": " ~ dots ~ " number(s) are written with a decimal point and "
        ~ commas ~ " with a decimal comma; reading '" ~ chosen ~ "' as the decimal separator, so the others are "
        ~ "quarantined as unparseable_value. Set var raw_decimal_separator if that is wrong.") -%}
    {{ return([chosen, 'mixed: the more common one']) }}
{%- endmacro %}
