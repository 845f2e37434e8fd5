{#- Which raw files this run loads. Each file gets a content fingerprint (md5 of its bytes; kept
    from the load log while its size and modification time are unchanged) and is_new. The load
    is incremental (only new files are read into the line-level models) when the load log
    int_raw_files_loaded exists, was written under the same settings (load_settings_fingerprint),
    and every file it lists is still there, unchanged, and sorts before every new file (copies of a line are numbered in file-name order, so a new file that
    sorts earlier would renumber lines already loaded). Otherwise everything is rebuilt: when a
    `dbt run` or `dbt build` builds staging, this drops the incremental models so they rebuild
    from scratch, exactly as `--full-refresh` does. Returns the mode, 'incremental' or 'full'. -#}
{% macro plan_raw_load(path, files) -%}
    {%- set log_node = graph.nodes.get('model.customer_value.int_raw_files_loaded') -%}
    {%- set log_relation = adapter.get_relation(database=log_node.database, schema=log_node.schema,
        identifier=log_node.alias) if log_node else none -%}
    {%- set logged = {} -%}
    {%- if log_relation is not none -%}
        {%- set log_rows = run_query("select file_path, file_size_bytes, last_modified, content_fingerprint, "
            ~ "settings_fingerprint from " ~ log_relation).rows -%}
        {%- for row in log_rows -%}{%- do logged.update({row[0]: row}) -%}{%- endfor -%}
    {%- endif -%}

    {%- for file in files -%}
        {%- set known = logged.get(file['path']) -%}
        {%- if known and known[1] == file['size_bytes'] and known[2] == file['last_modified'] -%}
            {%- do file.update({'content_fingerprint': known[3]}) -%}
        {%- else -%}
            {%- do file.update({'content_fingerprint': run_query("select md5(content) from read_blob('"
                ~ file['path'] | replace("'", "''") ~ "')").columns[0].values()[0]}) -%}
        {%- endif -%}
        {%- do file.update({'is_new': file['path'] not in logged}) -%}
    {%- endfor -%}

    {%- set paths = files | map(attribute='path') | list -%}
    {%- set new_files = files | selectattr('is_new') | map(attribute='path') | list -%}
    {%- set reasons = [] -%}
    {%- set line_models = ['stg_online_retail__transactions', 'int_cancellations_matched',
        'int_sales_lines_netted', 'int_raw_files_loaded'] -%}
    {%- set line_relations = [] -%}
    {%- for name in line_models -%}
        {%- set node = graph.nodes['model.customer_value.' ~ name] -%}
        {%- do line_relations.append(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) -%}
    {%- endfor -%}
    {%- if log_relation is none -%}
        {%- do reasons.append('nothing is loaded yet') -%}
    {%- elif none in line_relations -%}
        {%- do reasons.append('a line-level table is missing') -%}
    {%- elif flags.FULL_REFRESH -%}
        {%- do reasons.append('--full-refresh') -%}
    {%- endif -%}
    {%- set settings = load_settings_fingerprint() -%}
    {%- if logged and (logged.values() | map(attribute=4) | unique | list) != [settings] -%}
        {%- do reasons.append('the reading or analysis settings changed (vars raw_*, observation_end_date, or a seed)') -%}
    {%- endif -%}
    {%- for file in files if not file['is_new'] and file['content_fingerprint'] != logged[file['path']][3] -%}
        {%- do reasons.append('file ' ~ file['path'] ~ ' changed since it was loaded') -%}
    {%- endfor -%}
    {%- for logged_path in logged if logged_path not in paths -%}
        {%- do reasons.append('file ' ~ logged_path ~ ' was loaded but is no longer in ' ~ path) -%}
    {%- endfor -%}
    {%- if new_files and logged and new_files | min < logged.keys() | max -%}
        {%- do reasons.append('new file ' ~ new_files | min ~ ' sorts before ' ~ logged.keys() | max
            ~ ', which is already loaded') -%}
    {%- endif -%}

    {%- set builds_lines = flags.WHICH in ['run', 'build']
        and 'model.customer_value.stg_online_retail__transactions' in selected_resources -%}
    {%- if reasons -%}
        {%- for file in files -%}{%- do file.update({'is_new': true}) -%}{%- endfor -%}
        {%- if builds_lines -%}
            {%- for relation in line_relations if relation is not none -%}{%- do adapter.drop_relation(relation) -%}{%- endfor -%}
        {%- endif -%}
        {%- if builds_lines -%}
            {{ log("raw files: loading all " ~ files | length ~ " from scratch (" ~ reasons | join('; ') ~ ")", info=true) }}
        {%- endif -%}
        {{ return('full') }}
    {%- endif -%}
    {%- if builds_lines -%}
        {{ log("raw files: " ~ new_files | length ~ " new" ~ (" (" ~ new_files | join(', ') ~ ")" if new_files else "")
            ~ ", " ~ (files | length - new_files | length) ~ " already loaded: incremental load", info=true) }}
    {%- endif -%}
    {{ return('incremental') }}
{%- endmacro %}
