"""Everything an analysis needs from one workspace, loaded once per data version."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime, timezone

import pandas as pd

import config
from analysis import quality
from analysis.categories import parse_rules, rule_categories, with_categories
from analysis.filters import Filters, select_issues
from analysis.timeline import prepare
from data.workspace import Workspace

TABLES = ("issues", "links", "sprints", "versions", "status_changes", "sprint_changes", "imports", "rejects",
          "overrides")


@dataclass(frozen=True)
class WorkspaceData:
    issues: pd.DataFrame          # every issue, classified, with created_day/resolved_day
    links: pd.DataFrame
    sprints: pd.DataFrame
    versions: pd.DataFrame
    status_changes: pd.DataFrame
    sprint_changes: pd.DataFrame  # the Sprint field's history: key, changed_at, from_sprints, to_sprints
    imports: pd.DataFrame
    rejects: pd.DataFrame
    overrides: pd.DataFrame
    settings: config.Settings
    targets: dict[str, dict[str, float]]
    reference_date: date          # "today" of the data: the newest export's as-of date
    workspace: Workspace = field(repr=False, compare=False, default=None)
    target_history: tuple = ()    # config.load_target_history: when each target changed
    rules: object = field(repr=False, compare=False, default=None)     # the parsed category rules

    @cached_property
    def snapshots(self) -> pd.DataFrame:
        """Issues as each import recorded them (history). Read on first use: as large as
        the issues times the number of imports, and only the debt page's history needs it."""
        return self.workspace.read_tables("snapshots")["snapshots"]

    def corrections(self) -> pd.DataFrame:
        """Categories corrected by hand: what the rules say, what it was corrected to, the summary."""
        corrected = self.issues[self.issues["key"].isin(self.overrides["key"])]
        return quality.category_corrections(self.overrides, self.issues, rule_categories(corrected, self.rules))

    def selected(self, filters: Filters) -> pd.DataFrame:
        return select_issues(self.issues, filters)

    def teams(self) -> list[str]:
        return list(self._choices["team"])

    def projects(self) -> list[str]:
        return list(self._choices["project"])

    def issue_types(self) -> list[str]:
        return list(self._choices["issue_type"])

    @cached_property
    def _choices(self) -> dict[str, tuple[str, ...]]:
        # The sidebar asks on every run; computed once per loaded workspace.
        return {column: tuple(sorted(self.issues[column].dropna().unique().tolist()))
                for column in ("team", "project", "issue_type")}


def load_workspace_data(workspace: Workspace) -> WorkspaceData:
    tables = workspace.read_tables(*TABLES)
    settings = workspace.settings()
    rules = parse_rules(config.load_category_rules(workspace.config_dir))
    issues = prepare(with_categories(tables["issues"], rules), tables["status_changes"])
    if settings.base_url:
        browse = settings.base_url + "/browse/" + issues["key"]
        issues = issues.assign(url=issues["url"].where(issues["url"].notna(), browse))
    return WorkspaceData(
        issues=issues,
        links=tables["links"],
        sprints=tables["sprints"],
        versions=tables["versions"],
        status_changes=tables["status_changes"],
        sprint_changes=tables["sprint_changes"],
        imports=tables["imports"],
        rejects=tables["rejects"],
        overrides=tables["overrides"],
        workspace=workspace,
        rules=rules,
        settings=settings,
        targets=config.load_targets(workspace.config_dir),
        target_history=tuple(config.load_target_history(workspace.config_dir)),
        reference_date=reference_date(tables["imports"]),
    )


def reference_date(imports: pd.DataFrame) -> date:
    """The as-of date of the newest issue export: "now" for open-item counts. Today if none.

    Exports are snapshots: an item open in last month's export is open "now" as far as the
    data knows, so the data's own date, not the wall clock, is the reference.
    """
    if imports.empty or imports["as_of"].isna().all():
        return datetime.now(timezone.utc).date()
    return pd.Timestamp(imports["as_of"].max()).date()
