-- What an import stores, counted for the file's kind: issues, else sprints, else versions,
-- else history changes (status and Sprint field; a sprint list stores sprints, not issues).
select coalesce(
    nullif((select count(distinct key) from stage_issues), 0),
    nullif((select count(*) from (select distinct board, name from stage_sprints where not inferred)), 0),
    nullif((select count(*) from (select distinct coalesce(project, ''), name from stage_versions)), 0),
    (select count(*) from (select distinct key, changed_at, to_status from stage_status_changes where changed_at is not null))
  + (select count(*) from (select distinct key, changed_at from stage_sprint_changes where changed_at is not null))
)
