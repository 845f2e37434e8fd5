-- Raw lines = netted sales lines + cancellation lines (matched or not) + quarantined lines,
-- each counted in its own model, so a line lost or doubled anywhere fails this test.
with

raw_lines as (

    -- the files' line counts, each taken by its own scan when the file was first read
    select sum(line_count) as line_count from {{ source('online_retail', 'raw_files') }}

),

sales_lines as (

    select count(*) as line_count from {{ ref('int_sales_lines_netted') }}

),

cancellation_lines as (

    select count(distinct cancellation_line_id) as line_count from {{ ref('int_cancellations_matched') }}

),

quarantined_lines as (

    select count(*) as line_count from {{ ref('int_transactions_quarantined') }}

)

select
    raw_lines.line_count as raw_line_count,
    sales_lines.line_count as sales_line_count,
    cancellation_lines.line_count as cancellation_line_count,
    quarantined_lines.line_count as quarantined_line_count
from raw_lines
cross join sales_lines
cross join cancellation_lines
cross join quarantined_lines
where
    raw_lines.line_count
    != sales_lines.line_count + cancellation_lines.line_count + quarantined_lines.line_count
