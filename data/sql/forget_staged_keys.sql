-- An issue listed again later in a streamed file: what an earlier batch staged for it
-- goes, the later listing wins (the rule of data/importers/base.py).
delete from stage_issues where key in (select unnest($issue_keys::varchar[]));

delete from stage_links where source_key in (select unnest($link_keys::varchar[]));

delete from stage_status_changes where key in (select unnest($change_keys::varchar[]));
