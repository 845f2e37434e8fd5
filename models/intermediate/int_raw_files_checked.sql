-- One row per raw file: how it was read, where its lines went (sale, cancellation, quarantined by
-- reason) and whether it passes the quarantine gate. A file fails when more than
-- var gate_max_unreadable_share of its lines could not be read (reasons with is_unreadable in
-- seed quarantine_reasons), when none of its lines is a sale, or when more than
-- var gate_max_quarantined_share_per_file of them are quarantined for any reason (the last two
-- rules leave out lines after var observation_end_date: leaving them out is that var's job).
-- gate_failure then holds the message, and the error-severity test assert_raw_files_pass_the_quarantine_gate
-- stops the build with it. The netting models depend on this model, so a failed gate skips them
-- and everything after them. The lines are read as int_raw_files_measured counts them (per file,
-- invoice day, fate and reason), so each run reads a few rows per file and day, not every line.
{%- set reasons = quarantine_reason_codes() %}
with

raw_files as (

    select * from {{ ref('stg_online_retail__raw_files') }}

),

file_counts as (

    select * from {{ ref('int_raw_files_measured') }}

),

quarantine_reasons as (

    select * from {{ ref('quarantine_reasons') }}

),

observation_window as (

    select {{ observation_end_date() }} as observation_end_date

),

-- the files' lines as int_raw_files_measured counts them (per invoice day, fate and reason)
counted as (

    select
        file_counts.source_file,
        file_counts.line_fate,
        file_counts.quarantine_reason,
        file_counts.lines,
        file_counts.line_revenue,
        file_counts.first_invoiced_at,
        file_counts.last_invoiced_at,
        file_counts.unreadable_example,
        coalesce(quarantine_reasons.is_unreadable, false) as is_unreadable,
        coalesce(file_counts.invoice_date > observation_window.observation_end_date, false) as is_after_observation_end
    from file_counts
    cross join observation_window
    left join quarantine_reasons
        on file_counts.quarantine_reason = quarantine_reasons.quarantine_reason

),

lines_by_file as (

    select
        source_file,
        cast(sum(lines) as bigint) as lines,
        cast(sum(case when line_fate = 'sale' then lines else 0 end) as bigint) as sale_lines,
        cast(sum(case when line_fate = 'cancellation' then lines else 0 end) as bigint) as cancellation_lines,
        cast(sum(case when line_fate = 'quarantined' then lines else 0 end) as bigint) as quarantined_lines,
        cast(sum(case when is_unreadable then lines else 0 end) as bigint) as unreadable_lines,
        -- lines after var observation_end_date are left out on purpose, not lost: the gate's
        -- quarantined share and its no-sale rule count the lines up to the observation end
        cast(sum(case when not is_after_observation_end then lines else 0 end) as bigint) as window_lines,
        cast(
            sum(case when line_fate = 'quarantined' and not is_after_observation_end then lines else 0 end) as bigint
        ) as window_quarantined_lines,
        {%- for reason in reasons %}
            cast(sum(case when quarantine_reason = '{{ reason }}' then lines else 0 end) as bigint) as {{ reason }}_lines,
        {%- endfor %}
        sum(case when line_fate = 'sale' then line_revenue end) as sales_revenue,
        min(first_invoiced_at) as first_invoiced_at,
        max(last_invoiced_at) as last_invoiced_at
    from counted
    group by source_file

),

-- each file's most frequent quarantine reason, and its most frequent unreadable one with the
-- first of its raw values (ties go to the reason checked first)
reasons_by_file as (

    select
        counted.source_file,
        counted.quarantine_reason,
        counted.is_unreadable,
        quarantine_reasons.priority,
        sum(counted.lines) as reason_lines,
        min(counted.unreadable_example) as unreadable_example
    from counted
    inner join quarantine_reasons
        on counted.quarantine_reason = quarantine_reasons.quarantine_reason
    group by counted.source_file, counted.quarantine_reason, counted.is_unreadable, quarantine_reasons.priority

),

ranked_reasons as (

    select
        *,
        row_number() over (partition by source_file order by reason_lines desc, priority asc) as reason_rank,
        row_number() over (
            partition by source_file, is_unreadable order by reason_lines desc, priority asc
        ) as reason_rank_within_kind
    from reasons_by_file

),

main_reasons as (

    select
        source_file,
        quarantine_reason as main_quarantine_reason
    from ranked_reasons
    where reason_rank = 1

),

main_unreadable_reasons as (

    select
        source_file,
        quarantine_reason as main_unreadable_reason,
        unreadable_example
    from ranked_reasons
    where is_unreadable and reason_rank_within_kind = 1

),

measured as (

    select
        lines_by_file.source_file as file_path,
        raw_files.file_format,
        raw_files.encoding,
        raw_files.delimiter,
        raw_files.decimal_separator,
        raw_files.decimal_separator_basis,
        raw_files.date_format,
        raw_files.date_format_basis,
        raw_files.column_names,
        raw_files.file_size_bytes,
        raw_files.raw_line_count,
        raw_files.has_byte_order_mark,
        raw_files.file_path is not null as is_listed,
        lines_by_file.lines,
        lines_by_file.sale_lines,
        lines_by_file.cancellation_lines,
        lines_by_file.quarantined_lines,
        lines_by_file.unreadable_lines,
        {%- for reason in reasons %}
            lines_by_file.{{ reason }}_lines,
        {%- endfor %}
        lines_by_file.sales_revenue,
        lines_by_file.first_invoiced_at,
        lines_by_file.last_invoiced_at,
        main_reasons.main_quarantine_reason,
        main_unreadable_reasons.main_unreadable_reason,
        main_unreadable_reasons.unreadable_example,
        lines_by_file.window_lines,
        lines_by_file.window_quarantined_lines,
        cast(lines_by_file.window_quarantined_lines as double) / nullif(lines_by_file.window_lines, 0) as quarantined_share,
        cast(lines_by_file.unreadable_lines as double) / lines_by_file.lines as unreadable_share
    from lines_by_file
    left join raw_files
        on lines_by_file.source_file = raw_files.file_path
    left join main_reasons
        on raw_files.file_path = main_reasons.source_file
    left join main_unreadable_reasons
        on raw_files.file_path = main_unreadable_reasons.source_file

),

final as (

    select
        *,
        case
            when not is_listed
                then
                    'raw file ''' || file_path || ''': its ' || cast(lines as {{ dbt.type_string() }}) || ' lines are staged'
                    || ' but the file is not among the files var raw_transactions_path names now; build'
                    || ' staging again (dbt build, or --full-refresh).'
            when unreadable_share > {{ var('gate_max_unreadable_share') }}
                then
                    'raw file ''' || file_path || ''': ' || cast(round(100 * unreadable_share, 1) as {{ dbt.type_string() }})
                    || '% of its ' || cast(lines as {{ dbt.type_string() }}) || ' lines could not be read (limit '
                    || cast(round(100 * {{ var('gate_max_unreadable_share') }}, 1) as {{ dbt.type_string() }})
                    || '%, var gate_max_unreadable_share); main reason ' || main_unreadable_reason
                    || ', e.g. ' || coalesce(unreadable_example, 'no value') || '. The file was read as: '
                    || coalesce('encoding ' || encoding || ', delimiter ''' || delimiter || ''', ', '')
                    || 'decimal separator ''' || decimal_separator || ''' (' || decimal_separator_basis
                    || '), dates ' || date_format || ' (' || date_format_basis || '), columns ' || column_names
                    || '. Fix the file, or the var that reads it wrong (raw_column_names, raw_date_format,'
                    || ' raw_decimal_separator, raw_csv_encoding).'
            when sale_lines = 0 and window_lines > 0
                then
                    'raw file ''' || file_path || ''': none of its ' || cast(window_lines as {{ dbt.type_string() }})
                    || ' lines up to the observation end is a sale: '
                    || cast(window_quarantined_lines as {{ dbt.type_string() }}) || ' quarantined (main reason '
                    || coalesce(main_quarantine_reason, 'none') || '), '
                    || cast(cancellation_lines as {{ dbt.type_string() }}) || ' cancellations.'
                    || ' Check the file (int_transactions_quarantined lists each line with its reason).'
            when quarantined_share > {{ var('gate_max_quarantined_share_per_file') }}
                then
                    'raw file ''' || file_path || ''': ' || cast(round(100 * quarantined_share, 1) as {{ dbt.type_string() }})
                    || '% of its ' || cast(window_lines as {{ dbt.type_string() }}) || ' lines up to the observation end were quarantined (limit '
                    || cast(round(100 * {{ var('gate_max_quarantined_share_per_file') }}, 1) as {{ dbt.type_string() }})
                    || '%, var gate_max_quarantined_share_per_file); main reason ' || main_quarantine_reason
                    || '. Check the file (int_transactions_quarantined lists each line with its reason).'
        end as gate_failure
    from measured

)

select * from final
