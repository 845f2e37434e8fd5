"""The adjusted Rand index between the chosen K-Means clustering (customer_clusters, not fitted
again) and Ward's hierarchical clustering on a fixed-seed sample; cluster_k_search shows it on the
chosen k."""

import pandas as pd

from customer_value.clustering import chosen_k, compare_with_ward
from customer_value.native_threads import use_one_native_thread


def model(dbt, session):
    dbt.config(materialized="table")
    use_one_native_thread()
    k = chosen_k(dbt.ref("cluster_k_candidates").df())
    agreement = compare_with_ward(
        dbt.ref("customer_rfm").df(),
        k,
        seed=int(dbt.config.get("cluster_seed")),
        sample_size=int(dbt.config.get("cluster_ward_sample_size")),
        assignments=dbt.ref("customer_clusters").df(),
    )
    return pd.DataFrame({"k": [k], "ward_adjusted_rand_index": [agreement]})
