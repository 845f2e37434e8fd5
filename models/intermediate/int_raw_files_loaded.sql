{{ config(materialized=line_level_materialization(), incremental_strategy='delete+insert', unique_key='file_path') }}
-- The load log: one row per raw file whose lines are in the line-level models, with its size,
-- modification time, content fingerprint, lines, how it was read and when it was loaded.
-- Written right after staging, from the files whose lines this run staged, so it never lists
-- a file staging does not hold. The on-run-start hook (macros/raw_files/plan_raw_load.sql)
-- compares the files with it to decide between an incremental load and a rebuild from scratch,
-- which starts the log again.
with

raw_files as (

    select * from {{ source('online_retail', 'raw_files') }}

),

staged_files as (

    select distinct source_file
    from {{ ref('stg_online_retail__transactions') }}
    where loaded_at = cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)

),

final as (

    select
        cast(raw_files.file_path as {{ dbt.type_string() }}) as file_path,
        cast(raw_files.content_fingerprint as {{ dbt.type_string() }}) as content_fingerprint,
        cast(raw_files.file_size_bytes as bigint) as file_size_bytes,
        cast(raw_files.line_count as bigint) as line_count,
        cast(raw_files.last_modified as {{ dbt.type_string() }}) as last_modified,
        cast(raw_files.first_invoice_date as date) as first_invoice_date,
        cast(raw_files.last_invoice_date as date) as last_invoice_date,
        cast(raw_files.read_settings as {{ dbt.type_string() }}) as read_settings,
        cast(raw_files.file_description as {{ dbt.type_string() }}) as file_description,
        '{{ load_settings_fingerprint() }}' as settings_fingerprint,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as loaded_at
    from raw_files
    -- the files this run loaded (all of them on a full load) and staged
    where raw_files.is_new and raw_files.file_path in (select staged_files.source_file from staged_files)

)

select * from final
