select
    (select count(*) from issues)          as issues,
    (select count(*) from (select distinct from_key, to_key, relation from links)) as links,
    (select count(*) from sprints)         as sprints,
    (select count(*) from status_changes)  as status_changes,
    (select count(*) from sprint_changes)  as sprint_changes,
    (select count(*) from imports)         as imports,
    (select count(*) from rejects)         as rejects,
    (select count(*) from versions)        as versions
