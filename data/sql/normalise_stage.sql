-- The ONE normalisation step (data/normalise.py runs it after an importer's stage() and
-- before merge_import.sql). Importers stage what the file says; every business rule lives
-- here. Rule tables (temp, loaded by data/normalise.py): norm_export_categories(word,
-- category), norm_status_names(status, category) = settings [status_categories],
-- norm_status_overrides(status, category) = settings [status_category_overrides],
-- norm_link_words(word, relation, side, subject_first) = known + user link types.

-- Team fallback is decided per file: an export that uses a team field at all leaves the
-- items without one teamless (counted on the Data quality page), rather than inventing
-- teams from their components; an export with no team field takes the first component
-- (team_fallback = 'component') or the project.
create or replace temp table norm_file_states_team as
select coalesce(bool_or(nullif(trim(team), '') is not null), false) as states_team from stage_issues;

-- Status category: a user override first, then the export's own category, then the status
-- name mapping, else todo. Team: the export's team, else the fallback above. URL: the
-- file's, else base_url/browse/KEY.
-- An UPDATE, not a copy: it rewrites three columns of a million rows, not all of them.
update stage_issues set
    status_category = coalesce(
        (select o.category from norm_status_overrides o where o.status = lower(trim(stage_issues.status))),
        (select e.category from norm_export_categories e where e.word = lower(trim(stage_issues.status_category))),
        (select m.category from norm_status_names m where m.status = lower(trim(stage_issues.status))),
        'todo'),
    team = coalesce(nullif(trim(team), ''),
                    case when not (select states_team from norm_file_states_team)
                         then coalesce(case when $team_fallback = 'component' then components[1] end, project)
                    end),
    url = coalesce(nullif(url, ''), cast($browse_prefix as varchar) || key);

-- A status log (one row per revision / transition row / "date entered status" cell) adds a
-- status change wherever an item's status differs from its previous row.
insert into stage_status_changes
select key, changed_at, previous as from_status, status as to_status
from (
    select key, changed_at, status,
           lag(status) over w as previous,
           row_number() over w as n
    from stage_status_log
    where key is not null and changed_at is not null and nullif(trim(status), '') is not null
    window w as (partition by key order by changed_at, revision nulls first, row_number nulls first)
)
where n > 1 and previous is distinct from status;

-- Done items without a resolved date: the last time they moved into a done status.
update stage_issues s set resolved = d.resolved
from (
    select c.key, max(c.changed_at) as resolved
    from stage_status_changes c
    join stage_issues i on i.key = c.key
    left join norm_status_overrides o on o.status = lower(trim(c.to_status))
    left join norm_status_names m on m.status = lower(trim(c.to_status))
    where coalesce(o.category, case when c.to_status = i.status then i.status_category end, m.category) = 'done'
    group by c.key
) d
where s.key = d.key and s.resolved is null and s.status_category = 'done';

-- Links: the link type (its name, or a verb the file wrote) gives the relation and which
-- end comes first; a type nobody defined is read from its phrase (raw_label), else from
-- its name's stem. Stored rows read "from_key <relation> to_key"; for blocks: to_key
-- cannot finish before from_key.
create or replace temp table stage_links_resolved as
select
    case when (coalesce(w.side, p.side, l.direction) = 'outward') = coalesce(w.subject_first, p.subject_first, true)
         then l.source_key else l.other_key end as from_key,
    case when (coalesce(w.side, p.side, l.direction) = 'outward') = coalesce(w.subject_first, p.subject_first, true)
         then l.other_key else l.source_key end as to_key,
    coalesce(w.relation, p.relation,
             case when lower(trim(l.link_type)) like 'block%' then 'blocks'
                  when lower(trim(l.link_type)) like 'clon%' then 'clones'
                  when lower(trim(l.link_type)) like 'dup%' then 'duplicates'
                  when lower(trim(l.link_type)) in ('parent', 'child', 'parent-child', 'subtask') then 'parent'
                  else 'relates' end) as relation,
    l.raw_label,
    l.source_key
from stage_links l
left join norm_link_words w on w.word = lower(trim(l.link_type))
left join norm_link_words p on w.word is null and p.side is not null and p.word = lower(trim(l.raw_label))
where nullif(trim(l.source_key), '') is not null and nullif(trim(l.other_key), '') is not null;
