"""Mean predicted vs actual holdout purchases per calibration-frequency bucket and model (the
classic calibration plot), from clv_holdout_predictions."""

from customer_value.clv import calibration_plot_table


def model(dbt, session):
    dbt.config(materialized="table")
    return calibration_plot_table(dbt.ref("clv_holdout_predictions").df())
