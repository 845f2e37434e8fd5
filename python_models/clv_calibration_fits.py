"""Every CLV model fitted once on the calibration window (up to observation end - holdout_days,
netted as of the calibration end), from which clv_holdout_predictions restores the models."""

from customer_value.clv import calibration_fits
from customer_value.clv_model_inputs import read_clv_inputs, read_customer_days


def model(dbt, session):
    dbt.config(materialized="table")
    customer_days, observation_end = read_clv_inputs(
        dbt.ref("int_customer_days_aggregated"),
        dbt.ref("int_observation_window"),
        dbt.ref("data_quality_summary"),
    )
    return calibration_fits(
        customer_days,
        observation_end,
        holdout_days=int(dbt.config.get("holdout_days")),
        time_unit=dbt.config.get("btyd_time_unit"),
        penalizer=float(dbt.config.get("clv_penalizer")),
        calibration_days=read_customer_days(dbt.ref("int_calibration_customer_days_aggregated")),
        left_truncation=dbt.config.get("clv_left_truncation"),
    )
