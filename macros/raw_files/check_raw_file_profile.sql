{#- Stops the run, naming the file, when its profile (raw_text_profile, or Spark's) shows it
    cannot be read at all: no rows, a number column none of whose values is a number, or (with
    raw_date_format auto) a date column none of whose values has a known date layout. Shared by
    the DuckDB and the Spark raw-file hooks. -#}
{% macro check_raw_file_profile(path, file, profile) -%}
    {%- if (profile['line_count'] or 0) == 0 -%}
        {{ raw_file_error(path, "file " ~ file['path'] ~ " has no rows (only a header, or empty).") }}
    {%- endif -%}
    {%- for field, label in [('Quantity', 'quantity'), ('Price', 'price')] if (label ~ '_values') in profile -%}
        {%- set readable = profile[label ~ '_integers'] + profile[label ~ '_dot_decimals'] + profile[label ~ '_comma_decimals'] -%}
        {%- if profile[label ~ '_values'] > 0 and readable == 0 -%}
            {{ raw_file_error(path, "file " ~ file['path'] ~ ", column \"" ~ file['mapping'][field][0] ~ "\": none of its "
                ~ profile[label ~ '_values'] ~ " values can be read as a number (for example '" ~ profile[label ~ '_example']
                ~ "'). Check that the file's columns are named right (var raw_column_names).") }}
        {%- endif -%}
    {%- endfor -%}
    {%- if 'date_values' in profile and profile['date_values'] > 0
        and profile['date_iso'] + profile['date_slash'] + profile['date_dot'] + profile['date_dash'] == 0
        and var('raw_date_format', 'auto') == 'auto' -%}
        {{ raw_file_error(path, "file " ~ file['path'] ~ ", column \"" ~ file['mapping']['InvoiceDate'][0] ~ "\": none of its "
            ~ profile['date_values'] ~ " values can be read as a date and time (for example '" ~ profile['date_example']
            ~ "'). Dates are read as ISO (2010-12-01 08:26), month-first (12/1/2010 8:26), day-first "
            ~ "(01/12/2010 08:26, 01.12.2010 08:26) or day-month-year with dashes, each with optional seconds or AM/PM. "
            ~ "For another layout set var raw_date_format to the file's strptime format (for example '%d %b %Y %H:%M').") }}
    {%- endif -%}
{%- endmacro %}
