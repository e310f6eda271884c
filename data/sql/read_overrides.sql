select key, category, note, set_at
from category_overrides
order by key
