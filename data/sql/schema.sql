-- Canonical workspace schema (version 1). Every importer maps its source onto these tables,
-- so every analysis works on every source. Timestamps are stored as TIMESTAMPTZ (UTC).
create table if not exists meta (
    name  varchar primary key,
    value varchar
);

create table if not exists imports (
    import_id     integer primary key,
    format        varchar not null,
    file_name     varchar not null,
    sha256        varchar not null,
    stored_path   varchar not null,   -- the original file, kept in the workspace for replay
    imported_at   timestamptz not null,
    as_of         timestamptz,        -- latest "updated" in the file: how current the export is
    rows_read     integer not null,
    rows_loaded   integer not null,
    rows_rejected integer not null,
    status        varchar not null    -- 'loaded' (refused files are never recorded)
);

create table if not exists issues (
    key             varchar primary key,
    source          varchar,
    project         varchar,
    issue_type      varchar,
    summary         varchar,
    status          varchar,
    status_category varchar,          -- todo / in_progress / done
    priority        varchar,
    resolution      varchar,
    created         timestamptz,
    updated         timestamptz,
    resolved        timestamptz,
    due             date,
    assignee        varchar,
    reporter        varchar,
    team            varchar,
    epic_key        varchar,
    parent_key      varchar,
    story_points    double,
    labels          varchar[],
    components      varchar[],
    fix_versions    varchar[],
    sprints         varchar[],
    url             varchar,
    import_id       integer
);

create table if not exists issue_snapshots (
    import_id       integer not null,
    as_of           timestamptz,
    key             varchar not null,
    source          varchar,
    project         varchar,
    issue_type      varchar,
    summary         varchar,
    status          varchar,
    status_category varchar,
    priority        varchar,
    resolution      varchar,
    created         timestamptz,
    updated         timestamptz,
    resolved        timestamptz,
    due             date,
    assignee        varchar,
    reporter        varchar,
    team            varchar,
    epic_key        varchar,
    parent_key      varchar,
    story_points    double,
    labels          varchar[],
    components      varchar[],
    fix_versions    varchar[],
    sprints         varchar[],
    url             varchar
);

-- "A blocks B" (relation 'blocks', from_key A, to_key B) always means B cannot finish before A.
create table if not exists links (
    from_key   varchar not null,
    to_key     varchar not null,
    relation   varchar not null,      -- blocks / relates / duplicates / clones / parent
    raw_label  varchar,
    source_key varchar not null,      -- the issue whose export row listed the link
    import_id  integer
);

create table if not exists sprints (
    sprint_id     varchar,
    name          varchar not null,
    board         varchar not null default '',
    team          varchar,
    state         varchar,            -- future / active / closed
    start_date    timestamptz,
    end_date      timestamptz,
    complete_date timestamptz,
    goal          varchar,
    inferred      boolean not null default false,
    import_id     integer,
    primary key (board, name)
);

create table if not exists versions (
    name         varchar not null,
    project      varchar not null default '',
    release_date date,
    released     boolean,
    description  varchar,
    import_id    integer,
    primary key (project, name)
);

create table if not exists status_changes (
    key         varchar not null,
    changed_at  timestamptz not null,
    from_status varchar,
    to_status   varchar,
    import_id   integer
);

-- The Sprint field's history (Jira changelog): the sprint names before and after each change.
create table if not exists sprint_changes (
    key          varchar not null,
    changed_at   timestamptz not null,
    from_sprints varchar[],
    to_sprints   varchar[],
    import_id    integer
);

create table if not exists rejects (
    import_id   integer not null,
    file_name   varchar not null,
    row_number  integer,              -- 1-based data row in the file (header excluded)
    column_name varchar,
    raw_value   varchar,
    reason      varchar not null
);

create table if not exists category_overrides (
    key      varchar primary key,
    category varchar not null,
    note     varchar,
    set_at   timestamptz not null
);
