{#- Which raw files this run loads, after every file is described and its reading decided
    (macros/raw_files/create_raw_transactions_view.sql). `logged` is the load log (read_load_log).
    The load is incremental (only the files not in the log are read into the line-level models)
    when the log exists and was written under the same settings (load_settings_fingerprint), and
    every file it lists is still there with the same content, still read the same way (a file
    whose dates do not say whether the day comes first follows the other files, which a new file
    can change), and sorts before every new file (copies of a line are numbered in file-name
    order). Otherwise everything is rebuilt: when this `dbt run` or `dbt build` builds staging,
    the incremental models are dropped so they rebuild from scratch, as `--full-refresh` does.
    Sets is_new on every file and returns the mode, 'incremental' or 'full'.
    A run or build that would load files none of which the log holds, in place of every file it
    holds, stops instead (unless --full-refresh): that is a path given wrongly or forgotten (a
    monthly run without the var reads the demo file), and the build would replace every line
    loaded so far with another data set and pass. -#}
{% macro plan_raw_load(path, files, logged, settings) -%}
    {%- set line_models = ['stg_online_retail__transactions', 'int_cancellations_matched',
        'int_sales_lines_netted', 'int_raw_files_loaded', 'int_raw_files_measured'] -%}
    {%- set line_relations = [] -%}
    {%- for name in line_models -%}
        {%- set node = graph.nodes['model.customer_value.' ~ name] -%}
        {%- do line_relations.append(adapter.get_relation(database=node.database, schema=node.schema, identifier=node.alias)) -%}
    {%- endfor -%}

    {%- set builds_lines = flags.WHICH in ['run', 'build']
        and 'model.customer_value.stg_online_retail__transactions' in selected_resources -%}
    {%- set paths = files | map(attribute='path') | list -%}
    {%- if builds_lines and logged and not flags.FULL_REFRESH and not (logged.keys() | select('in', paths) | list) -%}
        {%- set loaded = logged.keys() | sort -%}
        {{ raw_file_error(path, ("it does not hold the file this warehouse has loaded (" if loaded | length == 1
            else "it holds none of the " ~ loaded | length ~ " files this warehouse has loaded (")
            ~ loaded[:3] | join(', ') ~ (", ..." if loaded | length > 3 else "") ~ "), so this build would replace "
            ~ "every line loaded so far with another data set. If the path is not the one the warehouse is built "
            ~ "from, give that one (--vars '{raw_transactions_path: ...}' on every run, or set it in dbt_project.yml). "
            ~ "To replace the data on purpose, run with --full-refresh.") }}
    {%- endif -%}

    {%- set reasons = [] -%}
    {%- if not logged -%}
        {%- do reasons.append('nothing is loaded yet') -%}
    {%- elif none in line_relations -%}
        {%- do reasons.append('a line-level table is missing') -%}
    {%- elif flags.FULL_REFRESH -%}
        {%- do reasons.append('--full-refresh') -%}
    {%- endif -%}
    {%- if logged and (logged.values() | map(attribute='settings_fingerprint') | unique | list) != [settings] -%}
        {%- do reasons.append('the reading or analysis settings changed (vars raw_*, observation_end_date, a seed, the DuckDB version, or the form of the line-level tables in this version of the project)') -%}
    {%- endif -%}
    {%- for file in files if file['path'] in logged -%}
        {%- set known = logged[file['path']] -%}
        {%- if file['content_fingerprint'] != known['content_fingerprint'] -%}
            {%- do reasons.append('file ' ~ file['path'] ~ ' changed since it was loaded') -%}
        {%- elif file['read_settings'] != known['read_settings'] -%}
            {%- do reasons.append('file ' ~ file['path'] ~ ' would now be read otherwise (' ~ file['read_settings']
                ~ ', loaded as ' ~ known['read_settings'] ~ ')') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for logged_path in logged if logged_path not in paths -%}
        {%- do reasons.append('file ' ~ logged_path ~ ' was loaded but is no longer in ' ~ path) -%}
    {%- endfor -%}
    {%- set new_files = paths | reject('in', logged) | list -%}
    {%- if new_files and logged and new_files | min < logged.keys() | max -%}
        {%- do reasons.append('new file ' ~ new_files | min ~ ' sorts before ' ~ logged.keys() | max
            ~ ', which is already loaded') -%}
    {%- endif -%}

    {%- for file in files -%}{%- do file.update({'is_new': reasons | length > 0 or file['path'] in new_files}) -%}{%- endfor -%}
    {%- if reasons -%}
        {%- if builds_lines -%}
            {%- for relation in line_relations if relation is not none -%}{%- do adapter.drop_relation(relation) -%}{%- endfor -%}
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
