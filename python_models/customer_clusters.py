"""One K-Means cluster id and name per customer, at the k chosen by cluster_k_candidates."""

from customer_value.clustering import assign_clusters, chosen_k
from customer_value.native_threads import use_one_native_thread


def model(dbt, session):
    dbt.config(materialized="table")
    use_one_native_thread()
    rfm = dbt.ref("customer_rfm").df()
    candidates = dbt.ref("cluster_k_candidates").df()
    k = chosen_k(candidates)
    clusters = assign_clusters(rfm, k, seed=int(dbt.config.get("cluster_seed")))
    return clusters
