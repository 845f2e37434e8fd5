"""Mean predicted vs actual holdout purchases per calibration-frequency bucket and model (the
classic calibration plot), from clv_holdout_predictions."""

from customer_value.clv import calibration_plot_table
from customer_value.native_threads import use_one_native_thread
from customer_value.relation_frames import relation_frame


def model(dbt, session):
    dbt.config(materialized="table")
    use_one_native_thread()
    predictions = dbt.ref("clv_holdout_predictions")
    return calibration_plot_table(relation_frame(predictions, order_by="model, customer_id"))
