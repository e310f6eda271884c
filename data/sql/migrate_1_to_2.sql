-- Schema 1 -> 2: fix-version release dates and per-item category corrections.
create table if not exists versions (
    name         varchar not null,
    project      varchar not null default '',
    release_date date,
    released     boolean,
    description  varchar,
    import_id    integer,
    primary key (project, name)
);

create table if not exists category_overrides (
    key      varchar primary key,
    category varchar not null,
    note     varchar,
    set_at   timestamptz not null
);
