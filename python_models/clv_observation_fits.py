"""Every CLV model (BG/NBD, MBG/NBD, Pareto/NBD, Gamma-Gamma) fitted once on the whole window:
parameters, covariance and fit outcome, from which clv_fitted_parameters and
customer_clv_predictions restore the models instead of fitting them again."""

from customer_value.clv import observation_fits
from customer_value.empty_input import require_customers
from customer_value.native_threads import use_one_native_thread


def model(dbt, session):
    dbt.config(materialized="table")
    use_one_native_thread()
    customer_days = dbt.ref("int_customer_days_aggregated").df()
    rfm = dbt.ref("customer_rfm").df()
    require_customers(rfm, dbt.ref("data_quality_summary").df())
    return observation_fits(
        customer_days,
        rfm["observation_end_date"].max(),
        time_unit=dbt.config.get("btyd_time_unit"),
        penalizer=float(dbt.config.get("clv_penalizer")),
        left_truncation=dbt.config.get("clv_left_truncation"),
    )
