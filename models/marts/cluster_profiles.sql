with

segments as (

    select * from {{ ref('customer_segments') }}

),

centroids as (

    select * from {{ ref('cluster_centroids') }}

),

profiles as (

    select
        cluster_id,
        count(*) as customers,
        avg(recency_days) as recency_days_mean,
        {{ median('recency_days') }} as recency_days_median,
        avg(frequency) as frequency_mean,
        {{ median('frequency') }} as frequency_median,
        avg(monetary) as monetary_mean,
        {{ median('monetary') }} as monetary_median,
        sum(monetary) as revenue
    from segments
    group by cluster_id

),

final as (

    select
        cast(profiles.cluster_id as integer) as cluster_id,
        cast(centroids.cluster_name as varchar) as cluster_name,
        cast(profiles.customers as integer) as customers,
        cast(profiles.customers * 1.0 / sum(profiles.customers) over () as double) as share_of_customers,
        cast(profiles.revenue / sum(profiles.revenue) over () as double) as revenue_share,
        cast(profiles.revenue as decimal(18, 2)) as revenue,
        cast(profiles.recency_days_mean as double) as recency_days_mean,
        cast(profiles.recency_days_median as double) as recency_days_median,
        cast(profiles.frequency_mean as double) as frequency_mean,
        cast(profiles.frequency_median as double) as frequency_median,
        cast(profiles.monetary_mean as double) as monetary_mean,
        cast(profiles.monetary_median as double) as monetary_median,
        cast(centroids.recency_days as double) as centroid_recency_days,
        cast(centroids.frequency as double) as centroid_frequency,
        cast(centroids.monetary as double) as centroid_monetary,
        cast(centroids.recency_ratio as double) as centroid_recency_ratio,
        cast(centroids.frequency_ratio as double) as centroid_frequency_ratio,
        cast(centroids.monetary_ratio as double) as centroid_monetary_ratio
    from profiles
    inner join centroids
        on profiles.cluster_id = centroids.cluster_id

)

select * from final
