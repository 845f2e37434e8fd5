{#- Stops the run with one message that names the raw file and the problem. -#}
{% macro raw_file_error(path, problem) -%}
    {{ exceptions.raise_compiler_error("Raw transactions file '" ~ path ~ "': " ~ problem) }}
{%- endmacro %}
