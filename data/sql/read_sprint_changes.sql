select key, changed_at, from_sprints, to_sprints
from sprint_changes
order by key, changed_at
