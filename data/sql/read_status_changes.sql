select key, changed_at, from_status, to_status
from status_changes
order by key, changed_at
