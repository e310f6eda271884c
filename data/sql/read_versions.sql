select name, project, release_date, released, description
from versions
order by release_date nulls last, name
