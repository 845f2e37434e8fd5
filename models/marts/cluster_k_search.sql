with

candidates as (

    select * from {{ ref('cluster_k_candidates') }}

),

ward_agreement as (

    select * from {{ ref('cluster_ward_agreement') }}

),

final as (

    select
        cast(candidates.k as integer) as k,
        cast(candidates.inertia as double) as inertia,
        cast(candidates.silhouette as double) as silhouette,
        cast(candidates.is_chosen as boolean) as is_chosen,
        -- one row, for the chosen k: null on the other rows
        cast(ward_agreement.ward_adjusted_rand_index as double) as ward_adjusted_rand_index
    from candidates
    left join ward_agreement
        on candidates.k = ward_agreement.k

)

select * from final
