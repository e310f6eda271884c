-- Implausible values in the staged file become rejects with their reason and are cleared,
-- before the shared normalisation and the merge (run by data/stage_worker.py right after
-- an importer's stage()). Bound: $earliest (first plausible instant), $latest (first
-- instant after the plausible range), both TIMESTAMPTZ, and $range_text ("1970–2100").
-- "Now" is the newest `updated`, so a year-9999 date cleared here can never move it.
-- Row numbers are the importer's row order (rowid + 1); the reason names the issue key.

insert into stage_rejects
select row_number, column_name, raw_value, reason
from (
    select rowid + 1 as row_number, 1 as ord, 'Created' as column_name, cast(created as varchar) as raw_value,
           'implausible date (outside ' || $range_text || ', settings.toml [limits]) on ' || key || ': value cleared' as reason
    from stage_issues where created < $earliest or created >= $latest
    union all
    select rowid + 1, 2, 'Updated', cast(updated as varchar),
           'implausible date (outside ' || $range_text || ', settings.toml [limits]) on ' || key || ': value cleared'
    from stage_issues where updated < $earliest or updated >= $latest
    union all
    select rowid + 1, 3, 'Resolved', cast(resolved as varchar),
           'implausible date (outside ' || $range_text || ', settings.toml [limits]) on ' || key || ': value cleared'
    from stage_issues where resolved < $earliest or resolved >= $latest
    union all
    select rowid + 1, 4, 'Due date', cast(due as varchar),
           'implausible date (outside ' || $range_text || ', settings.toml [limits]) on ' || key || ': value cleared'
    from stage_issues where due < cast($earliest as date) or due >= cast($latest as date)
    union all
    select rowid + 1, 5, 'Story points', cast(story_points as varchar),
           case when isnan(story_points) or isinf(story_points) then 'story points not a finite number'
                else 'negative story points' end || ' on ' || key || ': value cleared'
    from stage_issues where isnan(story_points) or isinf(story_points) or story_points < 0
) implausible
order by row_number, ord;

update stage_issues set
    created = case when created < $earliest or created >= $latest then null else created end,
    updated = case when updated < $earliest or updated >= $latest then null else updated end,
    resolved = case when resolved < $earliest or resolved >= $latest then null else resolved end,
    due = case when due < cast($earliest as date) or due >= cast($latest as date) then null else due end,
    story_points = case when isnan(story_points) or isinf(story_points) or story_points < 0 then null
                        else story_points end
where created < $earliest or created >= $latest
   or updated < $earliest or updated >= $latest
   or resolved < $earliest or resolved >= $latest
   or due < cast($earliest as date) or due >= cast($latest as date)
   or isnan(story_points) or isinf(story_points) or story_points < 0;

insert into stage_rejects
select null, 'changed_at', cast(changed_at as varchar),
       'implausible date (outside ' || $range_text || ', settings.toml [limits]) in the history of ' || key || ': change dropped'
from stage_status_changes where changed_at < $earliest or changed_at >= $latest;

delete from stage_status_changes where changed_at < $earliest or changed_at >= $latest;

insert into stage_rejects
select null, 'changed_at', cast(changed_at as varchar),
       'implausible date (outside ' || $range_text || ', settings.toml [limits]) in the sprint history of ' || key || ': change dropped'
from stage_sprint_changes where changed_at < $earliest or changed_at >= $latest;

delete from stage_sprint_changes where changed_at < $earliest or changed_at >= $latest;

update stage_sprints set
    start_date = case when start_date < $earliest or start_date >= $latest then null else start_date end,
    end_date = case when end_date < $earliest or end_date >= $latest then null else end_date end,
    complete_date = case when complete_date < $earliest or complete_date >= $latest then null else complete_date end
where start_date < $earliest or start_date >= $latest
   or end_date < $earliest or end_date >= $latest
   or complete_date < $earliest or complete_date >= $latest;

update stage_versions set release_date = null
where release_date < cast($earliest as date) or release_date >= cast($latest as date)
