-- The backlog as each import recorded it (for "as recorded" trends).
select import_id, as_of, key, team, project, issue_type, status_category, created, resolved,
       story_points, labels, components, summary, epic_key
from issue_snapshots
order by import_id, key
