-- depends_on: {{ ref('stg_online_retail__transactions') }}  (touched_files reads it on incremental runs)
{{ config(materialized=line_level_materialization(), incremental_strategy='append', pre_hook="{{ delete_touched_files() }}") }}
-- Each raw file's classified lines counted per invoice day, fate and quarantine reason: what
-- int_raw_files_checked, the quarantine gate, measures a file by, kept small (files x days x
-- reasons) so the gate need not read every line again on each run. Incremental: a run counts
-- again only the files with lines staged since it last ran (macro touched_files), each over all
-- its lines. The other files' counts stand: their lines and their classification are as before,
-- for a load that changes the settings (observation_end_date among them) or any loaded file is
-- rebuilt from scratch (macro plan_raw_load), and otherwise the observation end only moves past
-- lines that were already inside it.
with

classified as (

    select * from {{ ref('int_transactions_classified') }}
    {%- if is_incremental() %}
    where source_file in ({{ touched_files() }})
    {%- endif %}

),

final as (

    select
        source_file,
        invoice_date,
        line_fate,
        quarantine_reason,
        count(*) as lines,
        sum(line_revenue) as line_revenue,
        min(invoiced_at) as first_invoiced_at,
        max(invoiced_at) as last_invoiced_at,
        -- the first raw value a file's unreadable lines of this reason had
        min(
            case
                when quarantine_reason = 'malformed_customer_id'
                    then 'Customer ID: ''' || customer_id || ''''
                when quarantine_reason = 'unparseable_value' then unreadable_value
            end
        ) as unreadable_example,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp) as measured_at
    from classified
    group by source_file, invoice_date, line_fate, quarantine_reason

)

select * from final
