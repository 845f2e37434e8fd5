-- The analysis window's last day, one row: var observation_end_date, else the last invoice date
-- of the staged lines (macro observation_end_date, as customer_rfm has it). The CLV Python models
-- read it here rather than from customer_rfm, so they depend on the customer days alone and dbt
-- can start them while the customer marts are still being built.
select cast({{ observation_end_date() }} as date) as observation_end_date
