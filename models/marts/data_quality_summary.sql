-- Where every raw line went: sales, cancellations (matched, partly matched, unmatched) and the
-- quarantine by reason, with line counts and GBP. The lines add up to the raw file.
--
-- Sales and the quarantine are summed from each file's counts per fate and reason
-- (int_raw_files_measured, kept by the quarantine gate) instead of every classified line again;
-- only the cancellation lines are read, for their match status. The counts' own reconciliation
-- ties them to each raw file, and this model's ties the sum of both parts to the raw files, so
-- the cancellation lines counted here must also be the ones the files' counts hold.
with

measured as (

    select * from {{ ref('int_raw_files_measured') }}

),

sales_and_quarantine as (

    select
        line_fate,
        coalesce(quarantine_reason, 'kept') as fate_detail,
        sum(lines) as lines,
        sum(line_revenue) as line_revenue
    from measured
    where line_fate <> 'cancellation'
    group by line_fate, coalesce(quarantine_reason, 'kept')

),

cancellation_status as (

    select
        cancellation_line_id as line_id,
        case
            when bool_and(is_matched) then 'matched'
            when bool_or(is_matched) then 'partly_matched'
            else 'unmatched'
        end as match_status
    from {{ ref('int_cancellations_matched') }}
    group by cancellation_line_id

),

-- is_cancellation first: the scan keeps only those lines before classifying them
cancellations as (

    select
        classified.line_fate,
        coalesce(cancellation_status.match_status, 'kept') as fate_detail,
        count(*) as lines,
        sum(classified.line_revenue) as line_revenue
    from {{ ref('int_transactions_classified') }} as classified
    left join cancellation_status
        on classified.line_id = cancellation_status.line_id
    where classified.is_cancellation and classified.line_fate = 'cancellation'
    group by classified.line_fate, coalesce(cancellation_status.match_status, 'kept')

),

fates as (

    select * from sales_and_quarantine
    union all
    select * from cancellations

),

final as (

    select
        cast(line_fate as {{ dbt.type_string() }}) as line_fate,
        cast(fate_detail as {{ dbt.type_string() }}) as fate_detail,
        cast(lines as bigint) as lines,
        cast(lines as double) / sum(lines) over () as share_of_lines,
        cast(line_revenue as decimal(18, 2)) as line_revenue
    from fates

)

select * from final
