"""The purchase model customer_lifetime_value uses: the holdout validation's pick by the rule of
customer_value.clv.selection (lowest spend_mae among BG/NBD, MBG/NBD, Pareto/NBD), or var
clv_model."""

import pandas as pd

from customer_value.clv import choose_clv_model
from customer_value.clv.selection import SELECTION_RULE
from customer_value.native_threads import use_one_native_thread


def model(dbt, session):
    dbt.config(materialized="table")
    use_one_native_thread()
    requested = dbt.config.get("clv_model")
    chosen = choose_clv_model(dbt.ref("clv_validation_metrics").df(), requested)
    rule = SELECTION_RULE if requested == "auto" else "set by var clv_model"
    return pd.DataFrame({"clv_model": [chosen], "selection_rule": [rule]})
