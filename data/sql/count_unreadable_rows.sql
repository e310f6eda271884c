-- How much of a staged file could not be read: rows with a reject (an empty or duplicate
-- key, a value that did not parse or was implausible) plus issues of which nothing but the
-- key was readable (garbage lines padded behind a valid header); and the first reject.
select
    (select count(distinct row_number) from stage_rejects)
  + (select count(*) from stage_issues
     where created is null and updated is null and status is null and summary is null and issue_type is null)
        as unreadable_rows,
    (select count(*) from stage_issues) + (select count(*) from stage_sprints)
  + (select count(*) from stage_versions) + (select count(*) from stage_status_changes)
  + (select count(*) from stage_sprint_changes) as stored_rows,
    (select row_number from stage_rejects order by row_number nulls last limit 1) as first_row,
    (select column_name from stage_rejects order by row_number nulls last limit 1) as first_column
