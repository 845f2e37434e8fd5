"""Each cluster's centroid in original units and relative to the population medians: the values
its name was given from."""

from customer_value.clustering import fit_clusters


def model(dbt, session):
    dbt.config(materialized="table")
    rfm = dbt.ref("customer_rfm").df()
    candidates = dbt.ref("cluster_k_candidates").df()
    chosen_k = int(candidates.loc[candidates["is_chosen"], "k"].iloc[0])
    return fit_clusters(rfm, chosen_k, seed=int(dbt.config.get("cluster_seed"))).centroids
