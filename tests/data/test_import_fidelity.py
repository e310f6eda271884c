"""Issue 9: localised Jira CSV headers, the shared normalisation step, transition logs,
Dependency links, parent keys, honest reports, hardened JSON, duplicate keys."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from config import Settings
from data.errors import ImportRefused
from data.importers import detect_format, jira_csv, jira_json
from data.normalise import normalise
from data.workspace import Workspace

SETTINGS = Settings(base_url="https://jira.example.com", timezone="UTC", team_fallback="component",
                    status_categories={"to do": "todo", "in progress": "in_progress", "done": "done"})


@pytest.fixture
def cur():
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    yield con
    con.close()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def stage_csv(cur, path: Path, settings: Settings = SETTINGS):
    result = jira_csv.stage(cur, path, settings, path.name)
    normalise(cur, settings)
    return result


def stage_json(cur, path: Path, settings: Settings = SETTINGS):
    result = jira_json.stage(cur, path, settings, path.name)
    normalise(cur, settings)
    return result


def rows(cur, sql: str) -> list[tuple]:
    return cur.execute(sql).fetchall()


# ------------------------------------------------------------------ localised CSV headers

SPANISH = (
    "Resumen,Clave de incidencia,ID de la incidencia,Tipo de Incidencia,Estado,Prioridad,Persona asignada,"
    "Creada,Actualizada,Resuelta,Etiquetas,Etiquetas,Sprint,Enlace de incidencia saliente (Blocks),"
    "Enlace a la incidencia interna (Blocks),Campo personalizado (Story Points),Categoría de estado,"
    "Principal,Clave principal\n"
    "Pagar con tarjeta,CR-93,10205,Historia,Por hacer,Alta,Ana,1/ene/25 9:00 a. m.,2/ene/25 10:00 a. m.,,"
    "pagos,web,CR Sprint 1,CR-94,CR-90,3,En curso,,\n"
    "Validar formulario,CR-94,10206,Subtarea,Listo,Media,,1/ene/25 9:00 a. m.,3/ene/25 5:00 p. m.,"
    "3/ene/25 5:00 p. m.,,,,,,1,Listo,10204,CR-92\n"
)


def test_spanish_header_is_read(cur, tmp_path):
    path = write(tmp_path / "es.csv", SPANISH)
    assert jira_csv.sniff(path.read_bytes())
    assert stage_csv(cur, path).rows_read == 2
    assert rows(cur, """select key, issue_type, status, status_category, priority, assignee, created::varchar,
                               resolved::varchar, labels, sprints, story_points, parent_key, url
                        from stage_issues order by key""") == [
        ("CR-93", "Historia", "Por hacer", "in_progress", "Alta", "Ana", "2025-01-01 09:00:00+00", None,
         ["pagos", "web"], ["CR Sprint 1"], 3.0, None, "https://jira.example.com/browse/CR-93"),
        # Parent = 10204 (an id outside the export), Clave principal = CR-92: the key wins.
        ("CR-94", "Subtarea", "Listo", "done", "Media", None, "2025-01-01 09:00:00+00", "2025-01-03 17:00:00+00",
         [], [], 1.0, "CR-92", "https://jira.example.com/browse/CR-94"),
    ]
    assert rows(cur, "select from_key, to_key, relation from stage_links_resolved order by all") == [
        ("CR-90", "CR-93", "blocks"), ("CR-93", "CR-94", "blocks")]
    assert rows(cur, "select count(*) from stage_rejects") == [(0,)]


def test_german_header_is_read(cur, tmp_path):
    path = write(tmp_path / "de.csv",
                 "Zusammenfassung;Vorgangsschlüssel;Vorgangstyp;Status;Priorität;Erstellt;Stichwörter;"
                 "Benutzerdefiniertes Feld (Story Points)\n"
                 "Karte zahlen;ZA-1;Story;Fertig;Hoch;2025-01-02 10:00;zahlung;5\n")
    assert jira_csv.sniff(path.read_bytes())
    stage_csv(cur, path, Settings(status_categories={"fertig": "done"}))
    assert rows(cur, """select key, summary, issue_type, status, status_category, priority, created::varchar,
                               labels, story_points, project, team from stage_issues""") == [
        ("ZA-1", "Karte zahlen", "Story", "Fertig", "done", "Hoch", "2025-01-02 10:00:00+00",
         ["zahlung"], 5.0, "ZA", "ZA")]


def test_parent_key_wins_over_the_numeric_parent_id(cur, tmp_path):
    path = write(tmp_path / "p.csv", "Issue key,Issue id,Issue Type,Parent,Parent key\n"
                                     "CR-1,10001,Sub-task,10204,CR-92\nCR-2,10002,Sub-task,10001,\n")
    stage_csv(cur, path)
    assert rows(cur, "select key, parent_key from stage_issues order by key") == [("CR-1", "CR-92"), ("CR-2", "CR-1")]


# ------------------------------------------------------------------ one normalisation step

def test_the_exports_status_category_wins_over_the_name_mapping(cur, tmp_path):
    path = write(tmp_path / "c.csv", "Issue key,Status,Status Category\nS-1,To Do,In Progress\nS-2,To Do,\n"
                                     "S-3,Ready,Done\nS-4,Mystery,\n")
    stage_csv(cur, path, Settings(status_categories={"to do": "todo"},
                                  status_category_overrides={"ready": "in_progress"}))
    assert rows(cur, "select key, status_category from stage_issues order by key") == [
        ("S-1", "in_progress"),     # the export says In Progress
        ("S-2", "todo"),            # no export category: the name mapping
        ("S-3", "in_progress"),     # the user's override wins over the export
        ("S-4", "todo"),            # neither: todo
    ]


def test_dependency_link_in_csv(cur, tmp_path):
    path = write(tmp_path / "d.csv", "Issue key,Outward issue link (Dependency),Inward issue link (Dependency)\n"
                                     "B-1,B-2,B-3\n")
    stage_csv(cur, path)
    assert rows(cur, "select * from stage_links order by other_key") == [
        ("B-1", "Dependency", "outward", "B-2", "Outward issue link (Dependency)"),
        ("B-1", "Dependency", "inward", "B-3", "Inward issue link (Dependency)")]
    # B-1 depends on B-2: B-2 blocks B-1. B-3 depends on B-1: B-1 blocks B-3.
    assert rows(cur, "select from_key, to_key, relation from stage_links_resolved order by all") == [
        ("B-1", "B-3", "blocks"), ("B-2", "B-1", "blocks")]


def _issue(key: str, **fields) -> dict:
    base = {"project": {"key": key.split("-")[0]}, "issuetype": {"name": "Story"}, "summary": key,
            "status": {"name": "To Do", "statusCategory": {"key": "new"}},
            "created": "2024-01-02T10:00:00.000+0000", "updated": "2024-01-03T10:00:00.000+0000"}
    base.update(fields)
    return {"key": key, "fields": base}


def _link(name: str, outward: str, inward: str, side: str, other: str) -> dict:
    return {"type": {"name": name, "outward": outward, "inward": inward}, f"{side}Issue": {"key": other}}


def test_dependency_link_in_json_matches_csv(cur, tmp_path):
    dep = ("Dependency", "depends on", "is depended on by")
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"issues": [_issue("B-1", issuelinks=[
        _link(*dep, "outward", "B-2"), _link(*dep, "inward", "B-3")])]}))
    stage_json(cur, path)
    assert rows(cur, "select from_key, to_key, relation from stage_links_resolved order by all") == [
        ("B-1", "B-3", "blocks"), ("B-2", "B-1", "blocks")]


def test_user_defined_link_type_from_settings(cur, tmp_path):
    settings = Settings(link_types={"Waits": {"outward": "waits for", "inward": "is waited for by",
                                              "relation": "blocks", "blocker": "object"}})
    path = write(tmp_path / "w.csv", "Issue key,Outward issue link (Waits),Outward issue link (Mentions)\n"
                                     "W-1,W-2,W-3\n")
    stage_csv(cur, path, settings)
    assert rows(cur, "select from_key, to_key, relation from stage_links_resolved order by all") == [
        ("W-1", "W-3", "relates"), ("W-2", "W-1", "blocks")]


def test_a_link_named_only_by_its_verb(cur):
    from data.importers.base import create_empty_stage_tables
    create_empty_stage_tables(cur)
    cur.execute("insert into stage_links values ('A-1', 'is blocked by', 'outward', 'A-2', 'is blocked by'), "
                "('A-1', 'depends on', 'outward', 'A-3', 'depends on'), ('A-1', 'blocks', 'outward', 'A-4', 'blocks')")
    normalise(cur, SETTINGS)
    assert rows(cur, "select from_key, to_key, relation from stage_links_resolved order by all") == [
        ("A-1", "A-4", "blocks"), ("A-2", "A-1", "blocks"), ("A-3", "A-1", "blocks")]


def test_normalise_on_empty_stage_tables(cur):
    from data.importers.base import STAGE_TABLES, create_empty_stage_tables
    create_empty_stage_tables(cur)
    normalise(cur, SETTINGS)
    assert sum(rows(cur, f"select count(*) from {t}")[0][0] for t in STAGE_TABLES) == 0
    assert rows(cur, "select count(*) from stage_links_resolved") == [(0,)]


# ------------------------------------------------------------------ status-transition log

TRANSITIONS = (
    "Issue Key,Summary,Issue Type,Status Change Date,Status Changed To,Status Changed From\n"
    "T-1,Pay,Story,02/Jan/25 10:00 AM,In Progress,To Do\n"
    "T-2,Refund,Bug,03/Jan/25 09:00 AM,In Progress,To Do\n"
    "T-1,Pay,Story,05/Jan/25 04:00 PM,Done,In Progress\n"
    "T-1,Pay,Story,04/Jan/25 11:00 AM,In Review,In Progress\n"
    "T-2,Refund,Bug,not a date,Done,In Progress\n"
)


def test_a_transition_log_loads_status_changes_and_the_latest_row_per_key(cur, tmp_path):
    path = write(tmp_path / "t.csv", TRANSITIONS)
    assert stage_csv(cur, path, Settings(status_categories={"to do": "todo", "in progress": "in_progress",
                                                            "in review": "in_progress", "done": "done"})).rows_read == 5
    assert rows(cur, "select key, status, status_category, resolved::varchar from stage_issues order by key") == [
        ("T-1", "Done", "done", "2025-01-05 16:00:00+00"),   # resolved: its last move into done
        ("T-2", "In Progress", "in_progress", None),
    ]
    # The log is out of order in the file: changes follow the dates.
    assert rows(cur, "select key, changed_at::varchar, from_status, to_status from stage_status_changes "
                     "order by key, changed_at") == [
        ("T-1", "2025-01-02 10:00:00+00", "To Do", "In Progress"),
        ("T-1", "2025-01-04 11:00:00+00", "In Progress", "In Review"),
        ("T-1", "2025-01-05 16:00:00+00", "In Review", "Done"),   # the file's "from" said In Progress
        ("T-2", "2025-01-03 09:00:00+00", "To Do", "In Progress"),
    ]
    assert rows(cur, "select * from stage_rejects") == [
        (5, "Status Change Date", "not a date",
         "not a date (expected like 11/May/24 03:26 PM): status change skipped")]


def test_status_log_rows_where_only_other_fields_changed_add_no_change(cur):
    from data.importers.base import create_empty_stage_tables
    create_empty_stage_tables(cur)
    cur.execute("""insert into stage_status_log values
        ('R-1', '2025-01-01 10:00+00', 'New', 1, 1), ('R-1', '2025-01-02 10:00+00', 'New', 2, 2),
        ('R-1', '2025-01-03 10:00+00', 'Active', 3, 3), ('R-1', '2025-01-03 10:00+00', 'Closed', 4, 4)""")
    normalise(cur, SETTINGS)
    assert rows(cur, "select changed_at::varchar, from_status, to_status from stage_status_changes order by all") == [
        ("2025-01-03 10:00:00+00", "Active", "Closed"), ("2025-01-03 10:00:00+00", "New", "Active")]


# ------------------------------------------------------------------ hardened JSON

@pytest.mark.parametrize("fields, column, reason", [
    ({"created": "0001-01-01T00:00:00.000+0100"}, "fields.created", "date out of range"),
    ({"created": "9999-12-31T23:59:59.000-0500"}, "fields.created", "date out of range"),
    ({"labels": 5}, "fields.labels", "labels are not a list"),
    ({"labels": "tech-debt"}, "fields.labels", "labels are not a list"),
])
def test_json_bad_values_are_rejects_not_tracebacks(cur, tmp_path, fields, column, reason):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"issues": [_issue("J-1", **fields)]}))
    stage_json(cur, path)
    assert rows(cur, "select key, labels from stage_issues") == [("J-1", [])]
    [(row, got_column, _raw, got_reason)] = rows(cur, "select * from stage_rejects")
    assert (row, got_column) == (1, column) and got_reason.startswith(reason)


def test_json_sprint_date_in_year_one_is_a_reject(cur, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"values": [{"id": 1, "name": "S1", "state": "closed", "originBoardId": 3,
                                            "startDate": "0001-01-01T00:00:00.000+0100"}]}))
    stage_json(cur, path)
    assert rows(cur, "select name, start_date from stage_sprints") == [("S1", None)]
    assert rows(cur, "select row_number, column_name from stage_rejects") == [(1, "startDate")]


def test_json_with_a_5000_digit_number_is_refused_in_one_line(cur, tmp_path):
    path = tmp_path / "big.json"
    path.write_text('{"issues": [{"key": "J-1", "fields": {"story_points": ' + "9" * 5000 + "}}]}")
    with pytest.raises(ImportRefused) as info:
        jira_json.stage(cur, path, SETTINGS, "big.json")
    assert str(info.value).startswith("big.json: the JSON holds a value that cannot be read")
    assert "\n" not in str(info.value)


# ------------------------------------------------------------------ workspace: reports, refusals

def test_a_refused_file_creates_no_workspace_whatever_the_format(tmp_path):
    junk = write(tmp_path / "junk.csv", "hello,world\n1,2\n")
    for fmt in ("auto", "jira-csv", "jira-json"):
        ws = Workspace(tmp_path / f"ws-{fmt}")
        with pytest.raises(ImportRefused):
            ws.import_file(junk, fmt=fmt)
        assert not (tmp_path / f"ws-{fmt}").exists()


def test_a_refused_file_leaves_an_existing_workspace_unchanged(tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.import_file(write(tmp_path / "ok.csv", "Issue key,Summary\nA-1,one\n"))
    before = ws.data_version()
    with pytest.raises(ImportRefused):
        ws.import_file(write(tmp_path / "bad.json", '{"issues": [{"key": "A-2"'), fmt="jira-json")
    assert ws.data_version() == before
    assert sorted(p.name for p in (tmp_path / "ws" / "files").iterdir())[0].endswith("ok.csv")
    assert len(list((tmp_path / "ws" / "files").iterdir())) == 1


def test_a_sprint_list_reports_the_sprints_it_stored(tmp_path):
    path = tmp_path / "sprints.json"
    path.write_text(json.dumps({"isLast": True, "values": [
        {"id": i, "name": f"S{i}", "state": "closed", "originBoardId": 3} for i in range(1, 4)]}))
    summary = Workspace(tmp_path / "ws").import_file(path)
    assert (summary.rows_read, summary.rows_loaded) == (3, 3)


def test_a_partial_page_warns_in_the_import_report(tmp_path):
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"startAt": 0, "maxResults": 50, "total": 122,
                                "issues": [_issue(f"P-{i}") for i in range(1, 51)]}))
    summary = Workspace(tmp_path / "ws").import_file(path)
    assert summary.rows_loaded == 50
    assert summary.describe().splitlines()[1] == "warning: 50 of 122 issues: this response is one page; export every page"


def test_transition_log_detected_and_stored(tmp_path):
    path = write(tmp_path / "t.csv", TRANSITIONS)
    assert detect_format(path).FORMAT == "jira-csv"
    ws = Workspace(tmp_path / "ws")
    summary = ws.import_file(path)
    assert (summary.rows_read, summary.rows_loaded, summary.rows_rejected) == (5, 2, 1)
    tables = ws.read_tables("status_changes")
    assert len(tables["status_changes"]) == 4


def test_a_bare_empty_values_list_is_nothing_to_load(tmp_path, capsys):
    import cli
    path = write(tmp_path / "versions.json", '{"values": []}')
    code = cli.main(["import", str(path), "--workspace", str(tmp_path / "ws")])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out == "versions.json: jira-json, nothing to load (the file lists no items); nothing changed\n"
