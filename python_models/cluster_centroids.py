"""Each cluster's centroid in original units and relative to the population medians: the values
its name was given from."""

from threadpoolctl import threadpool_limits

from customer_value.clustering import chosen_k, fit_clusters


def model(dbt, session):
    dbt.config(materialized="table")
    rfm = dbt.ref("customer_rfm").df()
    candidates = dbt.ref("cluster_k_candidates").df()
    k = chosen_k(candidates)
    # one OpenMP thread: the other dbt thread runs DuckDB meanwhile (see cluster_k_candidates)
    with threadpool_limits(limits=1):
        fit = fit_clusters(rfm, k, seed=int(dbt.config.get("cluster_seed")))
    return fit.centroids
