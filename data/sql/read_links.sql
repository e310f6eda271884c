-- One row per link, however many issues listed it (Jira shows a link on both its ends).
select from_key, to_key, relation, min(raw_label) as raw_label
from links
group by from_key, to_key, relation
order by from_key, to_key, relation
