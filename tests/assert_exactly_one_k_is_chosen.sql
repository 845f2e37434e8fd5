-- The k search must pick exactly one k.
select count(*) as chosen_rows
from {{ ref('cluster_k_search') }}
where is_chosen
having count(*) != 1
