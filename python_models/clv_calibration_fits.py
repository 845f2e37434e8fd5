"""Every CLV model fitted once on the calibration window (up to observation end - holdout_days,
netted as of the calibration end), from which clv_holdout_predictions restores the models."""

from customer_value.clv import calibration_fits
from customer_value.empty_input import require_customers
from customer_value.native_threads import use_one_native_thread


def model(dbt, session):
    dbt.config(materialized="table")
    use_one_native_thread()
    customer_days = dbt.ref("int_customer_days_aggregated").df()
    rfm = dbt.ref("customer_rfm").df()
    require_customers(rfm, dbt.ref("data_quality_summary").df())
    return calibration_fits(
        customer_days,
        rfm["observation_end_date"].max(),
        holdout_days=int(dbt.config.get("holdout_days")),
        time_unit=dbt.config.get("btyd_time_unit"),
        penalizer=float(dbt.config.get("clv_penalizer")),
        calibration_days=dbt.ref("int_calibration_customer_days_aggregated").df(),
        left_truncation=dbt.config.get("clv_left_truncation"),
    )
