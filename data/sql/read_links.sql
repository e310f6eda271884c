select distinct from_key, to_key, relation, raw_label
from links
order by from_key, to_key, relation
