"""Holdout metrics per model (long table) from clv_holdout_predictions."""

from customer_value.clv import validation_metrics


def model(dbt, session):
    dbt.config(materialized="table")
    return validation_metrics(dbt.ref("clv_holdout_predictions").df())
