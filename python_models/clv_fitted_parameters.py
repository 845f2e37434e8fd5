"""Fitted BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma parameters with standard errors (whole
window), from the fits of clv_observation_fits."""

from customer_value.clv import clv_parameters
from customer_value.clv_model_inputs import read_clv_inputs


def model(dbt, session):
    dbt.config(materialized="table")
    customer_days, observation_end = read_clv_inputs(
        dbt.ref("int_customer_days_aggregated"),
        dbt.ref("int_observation_window"),
        dbt.ref("data_quality_summary"),
    )
    return clv_parameters(
        customer_days,
        observation_end,
        time_unit=dbt.config.get("btyd_time_unit"),
        penalizer=float(dbt.config.get("clv_penalizer")),
        left_truncation=dbt.config.get("clv_left_truncation"),
        fits=dbt.ref("clv_observation_fits").df(),
    )
