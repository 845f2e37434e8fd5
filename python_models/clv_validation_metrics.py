"""Holdout metrics per model (long table) from clv_holdout_predictions."""

from customer_value.clv import validation_metrics
from customer_value.native_threads import use_one_native_thread


def model(dbt, session):
    dbt.config(materialized="table")
    use_one_native_thread()
    return validation_metrics(dbt.ref("clv_holdout_predictions").df())
