"""K-Means for each k in the configured range: inertia (elbow), silhouette and the chosen k. The
agreement of the chosen clustering with Ward's is cluster_ward_agreement."""

from customer_value.clustering import search_k
from customer_value.empty_input import require_customers
from customer_value.native_threads import use_one_native_thread


def model(dbt, session):
    dbt.config(materialized="table")
    use_one_native_thread()
    rfm = dbt.ref("customer_rfm").df()
    require_customers(rfm, dbt.ref("data_quality_summary").df())
    return search_k(
        rfm,
        k_min=int(dbt.config.get("cluster_k_min")),
        k_max=int(dbt.config.get("cluster_k_max")),
        seed=int(dbt.config.get("cluster_seed")),
        sample_size=int(dbt.config.get("cluster_sample_size")),
    )
