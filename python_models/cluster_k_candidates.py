"""K-Means for each k in the configured range: inertia (elbow), silhouette, the chosen k, and the
agreement of the chosen clustering with Ward's hierarchical clustering."""

from customer_value.clustering import chosen_k, compare_with_ward, search_k
from customer_value.empty_input import require_customers
from customer_value.native_threads import use_one_native_thread


def model(dbt, session):
    dbt.config(materialized="table")
    use_one_native_thread()
    rfm = dbt.ref("customer_rfm").df()
    require_customers(rfm, dbt.ref("data_quality_summary").df())
    seed = int(dbt.config.get("cluster_seed"))
    sample_size = int(dbt.config.get("cluster_sample_size"))
    candidates = search_k(
        rfm,
        k_min=int(dbt.config.get("cluster_k_min")),
        k_max=int(dbt.config.get("cluster_k_max")),
        seed=seed,
        sample_size=sample_size,
    )
    k = chosen_k(candidates)
    agreement = compare_with_ward(
        rfm, k, seed=seed, sample_size=int(dbt.config.get("cluster_ward_sample_size"))
    )
    candidates["ward_adjusted_rand_index"] = candidates["is_chosen"].map({True: agreement})
    return candidates
