"""Holdout metrics per model (long table) from clv_holdout_predictions."""

from customer_value.clv import validation_metrics
from customer_value.native_threads import use_one_native_thread
from customer_value.relation_frames import relation_frame


def model(dbt, session):
    dbt.config(materialized="table")
    use_one_native_thread()
    predictions = dbt.ref("clv_holdout_predictions")
    return validation_metrics(relation_frame(predictions, order_by="model, customer_id"))
