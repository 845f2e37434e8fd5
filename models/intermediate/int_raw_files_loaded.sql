-- depends_on: {{ ref('int_sales_lines_netted') }}
-- depends_on: {{ ref('int_cancellations_matched') }}
{{ config(materialized='incremental', incremental_strategy='append') }}
-- The load log: one row per raw file loaded into the line-level models, with its size,
-- modification time, content fingerprint, lines and when it was loaded. Written after the
-- netting (the depends_on lines above), so a load that stops half-way is not logged and its files
-- count as new next time. The on-run-start hook (macros/raw_files/plan_raw_load.sql) compares the
-- files with this log to decide between an incremental load and a rebuild from scratch, which
-- starts the log again.
with

raw_files as (

    select * from {{ ref('stg_online_retail__raw_files') }}

),

final as (

    select
        file_path,
        content_fingerprint,
        file_size_bytes,
        raw_line_count as line_count,
        last_modified,
        '{{ load_settings_fingerprint() }}' as settings_fingerprint,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as loaded_at
    from raw_files
    -- incremental: the files this run loaded; on a full load every file is new
    where is_new

)

select * from final
