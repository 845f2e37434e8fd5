"""K-Means for each k in the configured range: inertia (elbow), silhouette, the chosen k, and the
agreement of the chosen clustering with Ward's hierarchical clustering."""

from threadpoolctl import threadpool_limits

from customer_value.clustering import chosen_k, compare_with_ward, search_k
from customer_value.empty_input import require_customers


def model(dbt, session):
    dbt.config(materialized="table")
    rfm = dbt.ref("customer_rfm").df()
    require_customers(rfm, dbt.ref("data_quality_summary").df())
    seed = int(dbt.config.get("cluster_seed"))
    sample_size = int(dbt.config.get("cluster_sample_size"))
    # one OpenMP thread: the other dbt thread runs DuckDB queries at the same time, and
    # oversubscribed OpenMP threads spin (measured on the real data: 5.5 s -> 3.0 s)
    with threadpool_limits(limits=1):
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
