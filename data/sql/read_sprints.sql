select sprint_id, name, board, team, state, start_date, end_date, complete_date, goal, inferred
from sprints
order by start_date nulls last, board, name
