-- The per-reason columns of int_raw_files_checked and file_load_quality come from the macro
-- quarantine_reason_codes: it must list exactly the reasons of seed quarantine_reasons, in
-- their priority order.
with

seeded as (

    select
        quarantine_reason,
        priority
    from {{ ref('quarantine_reasons') }}

),

listed as (

    select
        codes.quarantine_reason,
        codes.position
    from (
        values
        {%- for reason in quarantine_reason_codes() %}
            ('{{ reason }}', {{ loop.index }}){{ "," if not loop.last }}
        {%- endfor %}
    ) as codes (quarantine_reason, position)

),

ranked as (

    select
        quarantine_reason,
        row_number() over (order by priority) as position
    from seeded

),

final as (

    select
        coalesce(ranked.quarantine_reason, listed.quarantine_reason) as quarantine_reason,
        ranked.position as seed_position,
        listed.position as macro_position
    from ranked
    full outer join listed
        on ranked.quarantine_reason = listed.quarantine_reason
    where ranked.position is distinct from listed.position

)

select * from final
