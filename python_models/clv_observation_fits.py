"""Every CLV model (BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma) fitted once on the whole window:
parameters, covariance and fit outcome, from which clv_fitted_parameters and
customer_clv_predictions restore the models instead of fitting them again."""

from customer_value.clv import observation_fits
from customer_value.clv_model_inputs import read_clv_inputs


def model(dbt, session):
    dbt.config(materialized="table")
    customer_days, observation_end = read_clv_inputs(
        dbt.ref("int_customer_days_aggregated"),
        dbt.ref("int_observation_window"),
        dbt.ref("data_quality_summary"),
    )
    return observation_fits(
        customer_days,
        observation_end,
        time_unit=dbt.config.get("btyd_time_unit"),
        penalizer=float(dbt.config.get("clv_penalizer")),
        left_truncation=dbt.config.get("clv_left_truncation"),
    )
