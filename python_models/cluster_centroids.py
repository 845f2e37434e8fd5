"""Each cluster's centroid in original units and relative to the population medians: the values
its name was given from."""

from customer_value.clustering import chosen_k, fit_clusters
from customer_value.native_threads import use_one_native_thread


def model(dbt, session):
    dbt.config(materialized="table")
    use_one_native_thread()
    rfm = dbt.ref("customer_rfm").df()
    candidates = dbt.ref("cluster_k_candidates").df()
    k = chosen_k(candidates)
    fit = fit_clusters(rfm, k, seed=int(dbt.config.get("cluster_seed")))
    return fit.centroids
