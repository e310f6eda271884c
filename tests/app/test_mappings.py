"""Mappings kept in the workspace by the file's header, and reused for the next such file."""
from __future__ import annotations

import pytest

from app import mappings
from app.uploads import import_uploaded_files
from data.errors import ImportRefused
from data.workspace import ImportSummary, Workspace

MAPPING = mappings.build_mapping(
    "issues", {"key": "ID", "summary": "Title", "status": "State", "created": "Created Date",
               "story_points": mappings.NO_COLUMN},
    date_format="%Y-%m-%d", status_categories={"Closed": "done", "New": ""})
HEADER = "ID,Title,State,Created Date\n"


class RecordingWorkspace(Workspace):
    """A workspace whose import records the mapping it was given instead of importing."""

    def __init__(self, root, fail: bool = False):
        super().__init__(root, wait_seconds=2)
        self.mappings_given = []
        self.fail = fail

    def import_file(self, path, fmt="auto", display_name=None, mapping=None):
        self.mappings_given.append(mapping)
        if self.fail:
            raise ImportRefused("x.csv: refused")
        return ImportSummary(display_name or str(path), "mapped-csv", 1, 1, 1, 0)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_build_mapping_leaves_out_unmapped_fields_and_empty_categories():
    assert MAPPING.columns == {"key": "ID", "summary": "Title", "status": "State", "created": "Created Date"}
    assert MAPPING.status_categories == {"Closed": "done"}
    with pytest.raises(ImportRefused, match="shape 'issues' needs \\[columns\\] key"):
        mappings.build_mapping("issues", {"key": mappings.NO_COLUMN, "summary": "Title"})


def test_a_mapping_used_once_is_reused_for_the_next_file_with_the_same_header(tmp_path):
    workspace = RecordingWorkspace(tmp_path / "ws")
    first = write(tmp_path / "week1.csv", HEADER + "A-1,x,New,2024-06-01\n")
    mappings.import_file(workspace, first, mapping=MAPPING)
    saved = mappings.mapping_file(workspace, ["ID", "Title", "State", "Created Date"])
    assert saved.parent == tmp_path / "ws" / "mappings" and saved.is_file()

    second = write(tmp_path / "week2.csv", HEADER + "A-1,x,Closed,2024-06-01\n")
    other = write(tmp_path / "other.csv", "ID,Title\nA-1,x\n")
    mappings.import_file(workspace, second)
    mappings.import_file(workspace, other)
    assert workspace.mappings_given == [MAPPING, MAPPING, None]


def test_a_refused_import_saves_no_mapping(tmp_path):
    workspace = RecordingWorkspace(tmp_path / "ws", fail=True)
    path = write(tmp_path / "week1.csv", HEADER + "A-1,x,New,2024-06-01\n")
    with pytest.raises(ImportRefused):
        mappings.import_file(workspace, path, mapping=MAPPING)
    assert not (tmp_path / "ws").exists()


def test_an_upload_no_importer_recognises_comes_back_with_its_columns(tmp_path):
    class Upload:
        name = "ado.csv"

        def getvalue(self):
            return (HEADER + "A-1,x,New,2024-06-01\n").encode()

    workspace = Workspace(tmp_path / "ws", wait_seconds=2)
    [outcome] = import_uploaded_files(workspace, [Upload()])
    assert outcome.error == "ado.csv: not a recognised export; the CSV's columns are: ID, Title, State, Created Date"
    assert outcome.columns == ("ID", "Title", "State", "Created Date")
    assert not (tmp_path / "ws").exists()


def test_column_values_lists_the_distinct_values_in_file_order():
    data = (HEADER + "A-1,x,New,d\nA-2,y,Closed,d\nA-3,z,New,d\nA-4,w,,d\n").encode()
    assert mappings.column_values(data, "State") == ["New", "Closed"]
    assert mappings.column_values(HEADER.encode(), "State") == []


def test_cli_imports_a_file_through_a_mapping_and_reuses_it(tmp_path, capsys):
    import cli
    (tmp_path / "map.toml").write_text(mappings.mapped_csv.mapping_toml(MAPPING), encoding="utf-8")
    first = write(tmp_path / "week1.csv", HEADER + "A-1,x,New,2024-06-01\n")
    second = write(tmp_path / "week2.csv", HEADER + "A-1,x,Closed,2024-06-02\nA-2,y,New,2024-06-02\n")
    assert cli.main(["import", str(first), "--mapping", str(tmp_path / "map.toml"), "--workspace", str(tmp_path / "ws")]) == 0
    assert cli.main(["import", str(second), "--workspace", str(tmp_path / "ws")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["week1.csv: mapped-csv, 1 rows read, 1 loaded, 0 rejected values",
                   "week2.csv: mapped-csv, 2 rows read, 2 loaded, 0 rejected values"]
