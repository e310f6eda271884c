"""The Import page's mapping form for a CSV no importer recognises (AppTest).

AppTest cannot drive a file uploader, so the uploader returns a prepared file here and the
page is told (as its Import button would) that this file was not recognised.
"""
from __future__ import annotations

import json

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from data.workspace import Workspace
from tests.conftest import ROOT

CSV = b"ID,Title,State,Created Date,Tags\nA-1,Login,New,2024-06-01,ui\nA-2,Crash,Closed,2024-06-02,\nA-3,Audit,New,2024-06-03,\n"


class Upload:
    name = "ado.csv"

    def getvalue(self):
        return CSV


@pytest.fixture
def import_page(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    search = {"issues": [{"key": "J-1", "fields": {"summary": "x", "issuetype": {"name": "Story"},
                                                    "status": {"name": "To Do"}, "created": "2024-06-01T10:00:00.000+0000"}}]}
    (tmp_path / "j.json").write_text(json.dumps(search), encoding="utf-8")
    Workspace(root, wait_seconds=2).import_file(tmp_path / "j.json")
    monkeypatch.setenv("TPO_WORKSPACE", str(root))
    monkeypatch.setattr(streamlit, "file_uploader", lambda *args, **kwargs: [Upload()])
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("views/import_files.py")
    at.session_state["unmapped_uploads"] = ["ado.csv"]
    at.run()
    return at, root


def selectbox(at, label):
    return next(s for s in at.selectbox if s.label == label)


def test_the_mapping_form_offers_the_files_columns_with_guesses_and_its_statuses(import_page):
    at, _ = import_page
    assert not at.exception
    assert [s.value for s in at.subheader][:1] == ["Map a CSV"]
    assert selectbox(at, "issue key (required)").value == "ID"
    assert selectbox(at, "issue key (required)").options == ["(not in the file)", "ID", "Title", "State",
                                                              "Created Date", "Tags"]
    assert (selectbox(at, "title").value, selectbox(at, "status").value) == ("Title", "State")
    assert selectbox(at, "created date").value == "Created Date"
    assert selectbox(at, "labels (a list)").value == "Tags"
    assert selectbox(at, "story points").value == ""                 # nothing guessed
    assert [s.label for s in at.selectbox if s.key and s.key.startswith("map_category_")] == ["New", "Closed"]


def test_an_impossible_mapping_is_one_line_and_nothing_is_imported(import_page):
    at, root = import_page
    selectbox(at, "issue key (required)").set_value("")
    at.run()
    next(b for b in at.button if b.label == "Save mapping and import").click()
    at.run()
    assert not at.exception
    assert [e.value.replace('\\', '') for e in at.error] == ["the mapping: shape 'issues' needs [columns] key"]
    assert not (root / "mappings").exists()


def test_save_mapping_and_import(import_page):
    at, root = import_page
    selectbox(at, "Closed").set_value("done")
    at.run()
    next(b for b in at.button if b.label == "Save mapping and import").click()
    at.run()
    assert not at.exception
    assert [s.value.replace("\\", "") for s in at.success] == ["ado.csv: mapped-csv, 3 rows read, 3 loaded, 0 rejected values"]
    assert len(list((root / "mappings").glob("*.toml"))) == 1
