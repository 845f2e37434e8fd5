"""Fitted BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma parameters with standard errors (whole
window), from the fits of clv_observation_fits."""

from customer_value.clv import clv_parameters
from customer_value.empty_input import require_customers
from customer_value.native_threads import use_one_native_thread


def model(dbt, session):
    dbt.config(materialized="table")
    use_one_native_thread()
    customer_days = dbt.ref("int_customer_days_aggregated").df()
    rfm = dbt.ref("customer_rfm").df()
    require_customers(rfm, dbt.ref("data_quality_summary").df())
    observation_end = rfm["observation_end_date"].max()
    return clv_parameters(
        customer_days,
        observation_end,
        time_unit=dbt.config.get("btyd_time_unit"),
        penalizer=float(dbt.config.get("clv_penalizer")),
        left_truncation=dbt.config.get("clv_left_truncation"),
        fits=dbt.ref("clv_observation_fits").df(),
    )
