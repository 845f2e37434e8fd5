-- Where every raw line went: sales, cancellations (matched, partly matched, unmatched) and the
-- quarantine by reason, with line counts and GBP. The lines add up to the raw file.
with

classified as (

    select * from {{ ref('int_transactions_classified') }}

),

allocations as (

    select * from {{ ref('int_cancellations_matched') }}

),

cancellation_status as (

    select
        cancellation_line_id as line_id,
        case
            when bool_and(is_matched) then 'matched'
            when bool_or(is_matched) then 'partly_matched'
            else 'unmatched'
        end as match_status
    from allocations
    group by cancellation_line_id

),

fates as (

    select
        classified.line_fate,
        coalesce(classified.quarantine_reason, cancellation_status.match_status, 'kept') as fate_detail,
        classified.line_revenue
    from classified
    left join cancellation_status
        on classified.line_id = cancellation_status.line_id

),

final as (

    select
        cast(line_fate as {{ dbt.type_string() }}) as line_fate,
        cast(fate_detail as {{ dbt.type_string() }}) as fate_detail,
        cast(count(*) as bigint) as lines,
        cast(count(*) as double) / sum(count(*)) over () as share_of_lines,
        cast(sum(line_revenue) as decimal(18, 2)) as line_revenue
    from fates
    group by line_fate, fate_detail

)

select * from final
