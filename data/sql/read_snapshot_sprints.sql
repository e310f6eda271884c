-- The sprints each import recorded per issue: who was in a sprint when it started (velocity).
select import_id, as_of, key, sprints
from issue_snapshots
order by import_id, key
