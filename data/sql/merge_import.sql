-- Merge one staged file into the workspace. Runs inside the import's transaction with
-- import_id and as_of bound. The stage_* temp tables were filled by an importer, which
-- guarantees one row per key in stage_issues (see data/importers/base.py).

-- Rows that are at least as new as what the workspace holds replace it; an older export
-- imported after a newer one adds history but does not roll issues back.
create or replace temp table stage_applied as
select s.key
from stage_issues s
left join issues i on i.key = s.key
where i.key is null
   or coalesce(s.updated, timestamptz '1970-01-01') >= coalesce(i.updated, timestamptz '1970-01-01');

insert into issue_snapshots by name
select $import_id as import_id, $as_of as as_of, s.*
from stage_issues s;

delete from issues where key in (select key from stage_applied);

insert into issues by name
select s.*, $import_id as import_id
from stage_issues s
where s.key in (select key from stage_applied);

-- Links are owned by the issue whose row listed them: a newer row replaces its links.
delete from links where source_key in (select key from stage_applied);

insert into links by name
select distinct l.from_key, l.to_key, l.relation, l.raw_label, l.source_key, $import_id as import_id
from stage_links_resolved l
where l.source_key in (select key from stage_applied)
   or l.source_key not in (select key from stage_issues);

-- Real sprint data (with dates) replaces sprint names that were only inferred.
delete from sprints
where inferred and name in (select name from stage_sprints where not inferred);

insert or replace into sprints by name
select s.*, $import_id as import_id
from (select * from stage_sprints where not inferred
      qualify row_number() over (partition by board, name order by start_date desc nulls last) = 1) s;

insert into sprints by name
select distinct on (s.name) s.*, $import_id as import_id
from stage_sprints s
where s.inferred and s.name not in (select name from sprints);

insert or replace into versions by name
select v.name, coalesce(v.project, '') as project, v.release_date, v.released, v.description, $import_id as import_id
from (select * from stage_versions
      qualify row_number() over (partition by coalesce(project, ''), name order by release_date desc nulls last) = 1) v;

insert into status_changes by name
select distinct c.key, c.changed_at, c.from_status, c.to_status, $import_id as import_id
from stage_status_changes c
where c.changed_at is not null
  and not exists (
    select 1 from status_changes e
    where e.key = c.key and e.changed_at = c.changed_at and e.to_status is not distinct from c.to_status
  );

-- Sprint history: a file's word on a change (same issue, same instant) replaces what an
-- earlier import said about it (a renamed sprint reads by its new name), unless the file
-- is older than the issue's stored row; the rest of the stored history stays.
delete from sprint_changes e
using stage_sprint_changes c
where e.key = c.key and e.changed_at = c.changed_at
  and (c.key in (select key from stage_applied) or c.key not in (select key from stage_issues));

insert into sprint_changes by name
select distinct c.key, c.changed_at, c.from_sprints, c.to_sprints, $import_id as import_id
from stage_sprint_changes c
where c.changed_at is not null
  and not exists (select 1 from sprint_changes e where e.key = c.key and e.changed_at = c.changed_at);

insert into rejects by name
select $import_id as import_id, $file_name as file_name, r.row_number, r.column_name, r.raw_value, r.reason
from stage_rejects r;
