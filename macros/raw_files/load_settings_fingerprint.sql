{#- A fingerprint of everything that decides how a loaded line was read and classified besides
    the file itself: the reading and analysis vars and the contents of the seeds (dbt's own file
    checksums). Lines loaded under other settings are not reused: plan_raw_load rebuilds from
    scratch when it differs from the load log's. -#}
{% macro load_settings_fingerprint() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set settings = [] -%}
    {%- for name in ['raw_csv_encoding', 'raw_date_format', 'raw_decimal_separator', 'raw_column_names',
        'observation_end_date'] -%}
        {%- do settings.append([name, var(name, none)]) -%}
    {%- endfor -%}
    {%- for node in graph.nodes.values() | sort(attribute='unique_id') if node.resource_type == 'seed' -%}
        {%- do settings.append([node.name, node.checksum.checksum]) -%}
    {%- endfor -%}
    {{ return(local_md5(tojson(settings))) }}
{%- endmacro %}
