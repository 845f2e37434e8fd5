{#- How to read one file's InvoiceDate text. Returns a dict: formats (strptime formats tried after
    ISO 8601, none for ISO or a timestamp column), label (the main format, for file_load_quality),
    separator and order ('dmy', 'mdy' or none) and basis (how it was decided).
    A day-month-year date is day-first when some first field exceeds 12, month-first when some
    second field does; when neither does the file alone cannot tell (order none, basis
    'ambiguous'): create_raw_transactions_view then decides from the other files of the glob. -#}
{% macro choose_date_format(path, file, profile) -%}
    {%- set configured = var('raw_date_format', 'auto') | string -%}
    {%- if 'date_values' not in profile -%}
        {{ return({'formats': none, 'label': 'timestamp column', 'separator': none, 'order': none, 'basis': 'typed column'}) }}
    {%- endif -%}
    {%- if configured != 'auto' -%}
        {%- set says_month_first = configured.find('%m') >= 0 and configured.find('%m') < configured.find('%d') -%}
        {%- set first_max = profile['date_first_field_max'] or 0 -%}
        {%- set second_max = profile['date_second_field_max'] or 0 -%}
        {%- if (says_month_first and first_max > 12) or (not says_month_first and second_max > 12) -%}
            {%- do exceptions.warn("raw file " ~ file['path'] ~ ": var raw_date_format = '" ~ configured ~ "' reads "
                ~ ("month" if says_month_first else "day") ~ " first, but the file has dates whose "
                ~ ("first" if says_month_first else "second") ~ " field is above 12, so it writes "
                ~ ("day" if says_month_first else "month") ~ " first: those dates are quarantined and the ones with a "
                ~ "day of 12 or less are read with day and month swapped. Leave raw_date_format unset (auto) or fix it.") -%}
        {%- endif -%}
        {{ return({'formats': [configured], 'label': configured, 'separator': none, 'order': none, 'basis': 'var raw_date_format'}) }}
    {%- endif -%}

    {%- set layouts = [('/', profile['date_slash']), ('.', profile['date_dot']), ('-', profile['date_dash'])]
        | sort(attribute='1', reverse=true) -%}
    {%- if profile['date_iso'] >= layouts[0][1] -%}
        {{ return({'formats': none, 'label': 'ISO 8601', 'separator': none, 'order': none, 'basis': 'detected'}) }}
    {%- endif -%}
    {%- set separator = layouts[0][0] -%}
    {%- set first_max = profile['date_first_field_max'] or 0 -%}
    {%- set second_max = profile['date_second_field_max'] or 0 -%}
    {%- if first_max > 12 and second_max > 12 -%}
        {%- set order, basis = ('mdy' if separator == '/' else 'dmy'), 'mixed day-first and month-first dates' -%}
        {%- do exceptions.warn("raw file " ~ file['path'] ~ ": InvoiceDate has both day-first and month-first dates; "
            ~ "reading them " ~ ("month" if order == 'mdy' else "day") ~ " first, so the others are quarantined. "
            ~ "Fix the file, or set var raw_date_format.") -%}
    {%- elif first_max > 12 -%}
        {%- set order, basis = 'dmy', 'detected' -%}
    {%- elif second_max > 12 -%}
        {%- set order, basis = 'mdy', 'detected' -%}
    {%- else -%}
        {%- set order, basis = none, 'ambiguous' -%}
    {%- endif -%}
    {{ return({'formats': none, 'label': none, 'separator': separator, 'order': order, 'basis': basis,
        'has_seconds': profile['date_with_seconds'] * 2 > profile['date_values'],
        'has_am_pm': profile['date_with_am_pm'] > 0,
        'has_date_only': profile['date_with_time'] < profile['date_values']}) }}
{%- endmacro %}
