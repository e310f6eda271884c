-- Every issue with its hand-made category correction, if any.
select i.* exclude (import_id), o.category as category_override
from issues i
left join category_overrides o on o.key = i.key
order by i.key
