-- Schema 2 -> 3: the Sprint field's history (velocity's committed scope). Workspaces
-- migrated from 2 have none until their Jira REST exports with changelog are imported again.
create table if not exists sprint_changes (
    key          varchar not null,
    changed_at   timestamptz not null,
    from_sprints varchar[],
    to_sprints   varchar[],
    import_id    integer
);
