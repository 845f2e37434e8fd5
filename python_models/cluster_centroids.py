"""Each cluster's centroid in original units and relative to the population medians: the values
its name was given from. Computed from customer_clusters' assignments (the members' means), not
fitted again."""

from customer_value.clustering import cluster_centroids


def model(dbt, session):
    dbt.config(materialized="table")
    rfm = dbt.ref("customer_rfm").df()
    assignments = dbt.ref("customer_clusters").df()
    return cluster_centroids(rfm, assignments)
