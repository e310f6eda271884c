"""Import by upload in the browser: the file goes through the uploader, the Import button
loads it, the page says what was loaded, and the new issues are counted everywhere."""
from __future__ import annotations

import json
import re

import pytest

import harness

pytestmark = pytest.mark.browser


def small_jira_export(path):
    """A Jira REST search response with two open issues of a project the demo does not have."""
    def issue(number, status, category):
        return {"key": f"UPL-{number}", "fields": {
            "summary": f"Uploaded item {number}", "issuetype": {"name": "Story"},
            "status": {"name": status, "statusCategory": {"key": category}},
            "project": {"key": "UPL", "name": "Upload test"}, "labels": [],
            "created": "2026-11-01T10:00:00.000+0000", "updated": "2026-11-10T10:00:00.000+0000"}}
    path.write_text(json.dumps({"issues": [issue(1, "To Do", "new"), issue(2, "In Progress", "indeterminate")]}))
    return path


def issue_count(page) -> int:
    caption = page.get_by_test_id("stSidebar").get_by_text(re.compile(r"\d issues$")).inner_text()
    return int(re.search(r"([\d,]+) issues$", caption).group(1).replace(",", ""))


def test_upload_an_export_on_the_import_page(app_server, context, tmp_path):
    ctx, _ = context
    export = small_jira_export(tmp_path / "upload-test.json")
    page = harness.open_page(ctx, app_server.url + "/import")
    assert harness.title(page) == "Import"
    before = issue_count(page)

    harness.wait_for_rerun(page, lambda: page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(export))
    page.get_by_test_id("stFileChip").filter(has_text="upload-test.json").wait_for()
    page.get_by_test_id("stFileChipIconSpinner").wait_for(state="detached")
    import_button = page.get_by_test_id("stMain").get_by_role("button", name="Import", exact=True)
    assert import_button.is_disabled()          # the demo: importing into it needs a confirmation
    harness.wait_for_rerun(page, page.get_by_text("Import into the demo anyway").click)
    harness.wait_for_rerun(page, import_button.click)

    success = page.get_by_test_id("stAlert").filter(has_text="upload-test.json")
    assert success.inner_text().strip().endswith("upload-test.json: jira-json, 2 rows read, 2 loaded, 0 rejected values")
    assert harness.page_problems(page) == []
    # The new data is picked up at once: the sidebar counts the two new issues ...
    page.reload(wait_until="domcontentloaded")
    harness.wait_until_finished(page)
    assert issue_count(page) == before + 2
    # ... and importing the same file again changes nothing.
    harness.wait_for_rerun(page, lambda: page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(export))
    harness.wait_for_rerun(page, page.get_by_text("Import into the demo anyway").click)
    harness.wait_for_rerun(page, page.get_by_test_id("stMain").get_by_role("button", name="Import", exact=True).click)
    assert "already imported" in page.get_by_test_id("stAlert").filter(has_text="upload-test.json").inner_text()
    assert issue_count(page) == before + 2
