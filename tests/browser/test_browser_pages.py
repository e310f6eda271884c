"""Every page of the dashboard in a real browser: it renders, its charts draw data, its
headline numbers appear, the team filter lives in the URL, and a table's CSV downloads."""
from __future__ import annotations

import ast
from urllib.parse import parse_qs, urlsplit

import pytest

import harness

pytestmark = pytest.mark.browser
ROOT = harness.ROOT


def registered_pages(attribute: str) -> list[str]:
    """An st.Page keyword (title, url_path) of each page dashboard.py registers unconditionally
    (its `pages` list), in order; None where it is not given."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    found = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "pages" for t in node.targets):
            for call in ast.walk(node.value):
                if isinstance(call, ast.Call) and getattr(call.func, "attr", None) == "Page":
                    values = [kw.value.value for kw in call.keywords if kw.arg == attribute]
                    found.append(values[0] if values else None)
    return found


def registered_page_titles() -> list[str]:
    return registered_pages("title")


# The first and the last page after the default one, opened as the first visit: with a
# pages/ folder beside dashboard.py, Streamlit's folder auto-discovery would run the first
# one's file alone and answer "Page not found" for the second (the pages live in views/).
DEEP_LINKS = [path for path in registered_pages("url_path") if path][:1] + \
             [path for path in registered_pages("url_path") if path][-1:]


def test_every_page_in_the_navigation_renders_without_fault(app_server, context):
    ctx, _ = context
    visits = harness.visit_every_page(ctx, app_server.url)
    labels = [visit.label for visit in visits]
    assert labels == registered_page_titles(), "the sidebar must list every page dashboard.py registers"
    assert "Planted fault" not in labels, "the test-only fault page must not be registered without TPO_TEST_FAULT"
    problems = {visit.label: visit.problems for visit in visits if visit.problems}
    assert problems == {}, f"pages with problems: {problems}\n(server log)\n{app_server.log()}"
    assert all(visit.title for visit in visits)
    charts = {visit.label: visit.charts for visit in visits}
    assert charts["Overview"] >= 1, f"the Overview page must show its category chart: {charts}"


def overview_expected(data, **filters) -> dict[str, str]:
    from analysis.filters import Filters
    from app.metrics import run_metric
    table = run_metric("overview", data, Filters(**filters)).set_index("metric")
    return {"Open items": f"{int(table.loc['open_items', 'value']):,}"}


def test_overview_shows_the_headline_numbers(app_server, context, workspace_data_of):
    ctx, _ = context
    page = harness.open_page(ctx, app_server.url + "/")
    shown = harness.metrics(page)
    assert list(shown) == ["Open items", "Open debt share", "Open cross-team blockers", "Balance vs target"]
    assert all(shown.values()), shown
    data = workspace_data_of(app_server.workspace)
    assert shown["Open items"] == overview_expected(data)["Open items"]


def team_select(page):
    sidebar = page.get_by_test_id("stSidebar")
    return sidebar.get_by_test_id("stMultiSelect").filter(has=page.get_by_text("Team", exact=True))


def choose_team(page, team: str) -> None:
    select = team_select(page)

    def pick():
        select.locator("input").click()
        page.get_by_role("option", name=team, exact=True).click()
        page.keyboard.press("Escape")

    harness.wait_for_rerun(page, pick)


def test_team_filter_lives_in_the_url(app_server, context, new_context, workspace_data_of):
    data = workspace_data_of(app_server.workspace)
    everyone = overview_expected(data)["Open items"]
    teams = [t for t in data.teams() if overview_expected(data, teams=(t,))["Open items"] != everyone]
    assert teams, "the demo workspace needs a team whose open items differ from the total"
    team = teams[0]
    expected = overview_expected(data, teams=(team,))["Open items"]

    ctx, _ = context
    page = harness.open_page(ctx, app_server.url + "/")
    assert "team" not in parse_qs(urlsplit(page.url).query)
    choose_team(page, team)
    page.wait_for_function("() => new URLSearchParams(location.search).has('team')", timeout=10_000)
    assert parse_qs(urlsplit(page.url).query)["team"] == [team]
    assert harness.metrics(page)["Open items"] == expected
    shared_url = page.url

    # Reloading the URL restores the same view.
    page.reload(wait_until="domcontentloaded")
    harness.wait_until_finished(page)
    assert parse_qs(urlsplit(page.url).query)["team"] == [team]
    assert team in team_select(page).inner_text()
    assert harness.metrics(page)["Open items"] == expected

    # The filter sticks when the user moves to another page.
    other = next(href for label, href in harness.nav_links(page) if label != "Overview")
    harness.wait_for_rerun(page, lambda: page.locator(f'[data-testid="stSidebarNavLink"][href="{other}"]').click())
    assert urlsplit(page.url).path == urlsplit(other).path
    assert parse_qs(urlsplit(page.url).query).get("team") == [team]
    assert team in team_select(page).inner_text()
    assert harness.page_problems(page) == []

    # A colleague opening the shared link (a fresh browser profile) sees the filtered numbers.
    other_ctx, _ = new_context(app_server)
    shared = harness.open_page(other_ctx, shared_url)
    assert team in team_select(shared).inner_text()
    assert harness.metrics(shared)["Open items"] == expected


def test_a_table_downloads_as_csv(app_server, context, workspace_data_of):
    from analysis.filters import Filters
    from app import tables
    from app.metrics import run_metric

    ctx, _ = context
    data = workspace_data_of(app_server.workspace)
    period = Filters().with_period(data.reference_date)
    name = f"categories_all-teams_{period.since}_{period.until}.csv"     # page, teams and range
    key = ".st-key-download_" + name.replace(".", "-")
    page = harness.open_page(ctx, app_server.url + "/")
    file_name, content = harness.download_table_csv(page, key)
    assert file_name == name
    text = content.decode("utf-8")   # as sent: CRLF rows kept
    assert text == tables.to_csv(run_metric("categories", data, Filters()))
    assert len(text.splitlines()) > 1


@pytest.mark.parametrize("url_path", DEEP_LINKS)
def test_a_shared_link_works_as_the_first_visit_after_the_server_starts(url_path, start_server, new_context,
                                                                       workspace_data_of):
    """The first request after `streamlit run` is a deep link to a page with a team filter
    (a bookmark opened in the morning): the app must run dashboard.py (navigation, sidebar
    filters) and show that page filtered, not the bare page file."""
    server = start_server(name=f"deeplink-{url_path}", open_main_page=False)
    data = workspace_data_of(server.workspace)
    team = data.teams()[0]
    ctx, _ = new_context(server)
    page = harness.open_page(ctx, f"{server.url}/{url_path}?team={team}")
    labels = [label for label, _ in harness.nav_links(page)]
    assert labels == registered_page_titles(), (
        "a deep link opened first ran the page file on its own (Streamlit's pages/ folder "
        "auto-discovery) instead of dashboard.py's navigation")
    title = registered_page_titles()[registered_pages("url_path").index(url_path)]
    assert harness.title(page) == title
    assert team in team_select(page).inner_text()
    assert parse_qs(urlsplit(page.url).query).get("team") == [team]
    assert harness.page_problems(page) == []
