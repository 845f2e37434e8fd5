"""Every CLV model as fitted on the calibration window (up to observation end - holdout_days;
clv_calibration_fits) and its per-customer predictions for the holdout, beside what the customer
actually did. Calibration sees the customer days netted as of the calibration end (no holdout
cancellations). Beyond holdout_sample_size calibration customers, the predictions cover a fixed
sample of them (customer_value.clv.holdout_sample); the models are fitted on all."""

from customer_value.clv import holdout_predictions
from customer_value.clv_model_inputs import read_clv_inputs, read_customer_days


def model(dbt, session):
    dbt.config(materialized="table")
    customer_days, observation_end = read_clv_inputs(
        dbt.ref("int_customer_days_aggregated"),
        dbt.ref("int_observation_window"),
        dbt.ref("data_quality_summary"),
    )
    calibration_days = read_customer_days(dbt.ref("int_calibration_customer_days_aggregated"))
    return holdout_predictions(
        customer_days,
        observation_end,
        holdout_days=int(dbt.config.get("holdout_days")),
        time_unit=dbt.config.get("btyd_time_unit"),
        seed=int(dbt.config.get("clv_seed")),
        penalizer=float(dbt.config.get("clv_penalizer")),
        calibration_days=calibration_days,
        left_truncation=dbt.config.get("clv_left_truncation"),
        fits=dbt.ref("clv_calibration_fits").df(),
        sample_size=int(dbt.config.get("holdout_sample_size")),
    )
