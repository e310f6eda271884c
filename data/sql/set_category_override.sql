insert or replace into category_overrides (key, category, note, set_at)
values ($key, $category, $note, $set_at)
