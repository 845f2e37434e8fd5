{#- A strptime format (%d/%m/%Y %H:%M, as date_formats and var raw_date_format write them) as a
    Spark datetime pattern (d/M/yyyy H:mm). Single-letter day, month and hour fields read one or
    two digits, as strptime does. Stops the run on a directive Spark cannot take. -#}
{% macro spark_datetime_pattern(strptime_format) -%}
    {%- set directives = {'d': 'd', 'm': 'M', 'Y': 'yyyy', 'y': 'yy', 'H': 'H', 'I': 'h', 'M': 'mm', 'S': 'ss',
        'p': 'a', 'b': 'MMM', 'B': 'MMMM', 'f': 'SSSSSS', '%': '%'} -%}
    {%- set parts = strptime_format.split('%') -%}
    {%- set pattern = ["'" ~ parts[0] | replace("'", "''") ~ "'" if parts[0] else ''] -%}
    {%- for part in parts[1:] -%}
        {%- if part == '' or part[0] not in directives -%}
            {{ exceptions.raise_compiler_error("date format '" ~ strptime_format ~ "': the directive %" ~ part[:1]
                ~ " has no Spark equivalent here; use %d %m %Y %y %H %I %M %S %p %b %B %f.") }}
        {%- endif -%}
        {%- do pattern.append(directives[part[0]]) -%}
        {#- literal text between directives is quoted, so letters in it are not pattern letters -#}
        {%- if part[1:] -%}{%- do pattern.append("'" ~ part[1:] | replace("'", "''") ~ "'" if modules.re.search('[A-Za-z]', part[1:]) else part[1:]) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(pattern | join('')) }}
{%- endmacro %}
