with

clusters as (

    select * from {{ ref('customer_clusters') }}

),

rfm as (

    select * from {{ ref('customer_rfm') }}

),

final as (

    select
        cast(rfm.customer_id as varchar) as customer_id,
        cast(clusters.cluster_id as integer) as cluster_id,
        cast(clusters.cluster_name as varchar) as cluster_name,
        cast(rfm.rfm_segment as varchar) as rfm_segment,
        cast(rfm.rfm_cell as varchar) as rfm_cell,
        rfm.recency_days,
        rfm.frequency,
        rfm.monetary
    from rfm
    inner join clusters
        on rfm.customer_id = clusters.customer_id

)

select * from final
