"""Every CLV model as fitted once on the whole window (clv_observation_fits); per customer and
purchase model P(alive), expected purchases and spend over the horizon with 80% intervals,
discounted CLV (stationary and seasonal), ML predictions. customer_lifetime_value keeps the model
clv_model_choice names."""

from customer_value.clv import predict_customer_value
from customer_value.clv_model_inputs import read_clv_inputs


def model(dbt, session):
    dbt.config(materialized="table")
    customer_days, observation_end = read_clv_inputs(
        dbt.ref("int_customer_days_aggregated"),
        dbt.ref("int_observation_window"),
        dbt.ref("data_quality_summary"),
    )
    return predict_customer_value(
        customer_days,
        observation_end,
        horizon_months=int(dbt.config.get("clv_horizon_months")),
        monthly_discount_rate=float(dbt.config.get("clv_monthly_discount_rate")),
        margin=float(dbt.config.get("clv_margin")),
        time_unit=dbt.config.get("btyd_time_unit"),
        seed=int(dbt.config.get("clv_seed")),
        penalizer=float(dbt.config.get("clv_penalizer")),
        left_truncation=dbt.config.get("clv_left_truncation"),
        fits=dbt.ref("clv_observation_fits").df(),
    )
