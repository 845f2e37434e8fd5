{#- Dates a file cannot order alone (every day and month 12 or less): read as the other files
    with the same separator when they agree, else by the default (month-first with slashes, as
    in the UCI CSV copies, day-first otherwise), with a warning; then each file's strptime
    formats. Updates the files' 'date' dicts in place. Shared by the DuckDB and the Spark
    raw-file hooks. -#}
{% macro settle_ambiguous_dates(files) -%}
    {%- for file in files if file['date']['basis'] == 'ambiguous' -%}
        {%- set orders = [] -%}
        {%- for other in files if other['date']['basis'] == 'detected' and other['date']['separator'] == file['date']['separator']
            and other['date']['order'] not in orders -%}
            {%- do orders.append(other['date']['order']) -%}
        {%- endfor -%}
        {%- if orders | length == 1 -%}
            {%- do file['date'].update({'order': orders[0], 'basis': 'ambiguous: as the other files of the glob'}) -%}
        {%- else -%}
            {%- do file['date'].update({'order': 'mdy' if file['date']['separator'] == '/' else 'dmy',
                'basis': 'ambiguous: default ' ~ ('month-first' if file['date']['separator'] == '/' else 'day-first')}) -%}
            {%- do exceptions.warn("raw file " ~ file['path'] ~ ": every InvoiceDate has a day and a month of 12 or less, so "
                ~ "the file does not say which comes first; read " ~ ('month-first (12/1/2010 = 1 December, as in the UCI CSV copies)'
                if file['date']['separator'] == '/' else 'day-first (01.12.2010 = 1 December)')
                ~ ". If that is wrong, set var raw_date_format (for example '" ~ ('%d/%m/%Y %H:%M' if file['date']['separator'] == '/'
                else '%m.%d.%Y %H:%M') ~ "').") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for file in files if file['date']['formats'] is none and file['date']['order'] -%}
        {%- set formats = date_formats(file['date']) -%}
        {%- do file['date'].update({'formats': formats[0], 'label': formats[1]}) -%}
    {%- endfor -%}
{%- endmacro %}
