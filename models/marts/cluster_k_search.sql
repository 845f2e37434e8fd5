with

candidates as (

    select * from {{ ref('cluster_k_candidates') }}

),

final as (

    select
        cast(k as integer) as k,
        cast(inertia as double) as inertia,
        cast(silhouette as double) as silhouette,
        cast(is_chosen as boolean) as is_chosen,
        cast(ward_adjusted_rand_index as double) as ward_adjusted_rand_index
    from candidates

)

select * from final
