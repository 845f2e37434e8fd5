"""BG/NBD + Gamma-Gamma fitted on the whole window, and the ML next-period models: per customer
P(alive), expected purchases and spend over the horizon, discounted CLV, ML predictions."""

from customer_value.clv import predict_customer_value
from customer_value.empty_input import require_customers


def model(dbt, session):
    dbt.config(materialized="table")
    customer_days = dbt.ref("int_customer_days_aggregated").df()
    rfm = dbt.ref("customer_rfm").df()
    require_customers(rfm, dbt.ref("data_quality_summary").df())
    observation_end = rfm["observation_end_date"].max()
    return predict_customer_value(
        customer_days,
        observation_end,
        horizon_months=int(dbt.config.get("clv_horizon_months")),
        monthly_discount_rate=float(dbt.config.get("clv_monthly_discount_rate")),
        margin=float(dbt.config.get("clv_margin")),
        time_unit=dbt.config.get("btyd_time_unit"),
        seed=int(dbt.config.get("clv_seed")),
        penalizer=float(dbt.config.get("clv_penalizer")),
    )
