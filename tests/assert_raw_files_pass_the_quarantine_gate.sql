-- The quarantine gate: a build whose raw files lost lines must fail, not publish. Fails (an
-- error, with one message per failing file; see int_raw_files_checked.gate_failure) when any
-- file has too many unreadable or quarantined lines or no sale, and when all files together have
-- more than var gate_max_unreadable_share unreadable or var gate_max_quarantined_share
-- quarantined lines. Thresholds and their defaults: dbt_project.yml.
{{ config(severity='error') }}

with

raw_files as (

    select * from {{ ref('int_raw_files_checked') }}

),

all_files as (

    select
        count(*) as files,
        sum(lines) as lines,
        sum(unreadable_lines) * 1.0 / sum(lines) as unreadable_share,
        -- lines after var observation_end_date are left out on purpose, not lost
        sum(window_quarantined_lines) * 1.0 / nullif(sum(window_lines), 0) as quarantined_share
    from raw_files

),

failures as (

    select
        1 as failure_order,
        gate_failure as failure
    from raw_files
    where gate_failure is not null

    union all

    select
        2 as failure_order,
        'all ' || cast(files as {{ dbt.type_string() }}) || ' raw files together: '
        || cast(round(100 * unreadable_share, 2) as {{ dbt.type_string() }}) || '% of ' || cast(lines as {{ dbt.type_string() }})
        || ' lines could not be read (limit '
        || cast(round(100 * {{ var('gate_max_unreadable_share') }}, 2) as {{ dbt.type_string() }})
        || '%, var gate_max_unreadable_share).' as failure
    from all_files
    -- with one file the file's own message says it all
    where unreadable_share > {{ var('gate_max_unreadable_share') }} and files > 1

    union all

    select
        3 as failure_order,
        case when files = 1 then 'the raw file: ' else 'all ' || cast(files as {{ dbt.type_string() }}) || ' raw files together: ' end
        || cast(round(100 * quarantined_share, 1) as {{ dbt.type_string() }}) || '% of ' || cast(lines as {{ dbt.type_string() }})
        || ' lines were quarantined (limit '
        || cast(round(100 * {{ var('gate_max_quarantined_share') }}, 1) as {{ dbt.type_string() }})
        || '%, var gate_max_quarantined_share); see file_load_quality and data_quality_summary.' as failure
    from all_files
    where quarantined_share > {{ var('gate_max_quarantined_share') }}

),

gate as (

    select
        count(*) as failures,
        {{ dbt.listagg('failure', "' | '", "order by failure_order, failure") }} as messages
    from failures

),

final as (

    select {{ raise_data_error("'Quarantine gate failed: ' || messages") }} as gate_error
    from gate
    where failures > 0

)

select * from final
