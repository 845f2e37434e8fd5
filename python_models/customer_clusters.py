"""One K-Means cluster id and name per customer, at the k chosen by cluster_k_candidates."""

from threadpoolctl import threadpool_limits

from customer_value.clustering import assign_clusters, chosen_k


def model(dbt, session):
    dbt.config(materialized="table")
    rfm = dbt.ref("customer_rfm").df()
    candidates = dbt.ref("cluster_k_candidates").df()
    k = chosen_k(candidates)
    # one OpenMP thread: the other dbt thread runs DuckDB meanwhile (see cluster_k_candidates)
    with threadpool_limits(limits=1):
        clusters = assign_clusters(rfm, k, seed=int(dbt.config.get("cluster_seed")))
    return clusters
