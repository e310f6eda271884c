"""The checks catch what they are for: each test plants one fault (views/_fault.py, which
dashboard.py registers only when TPO_TEST_FAULT is set) on a server of its own and shows
that the page check or the request recorder reports it."""
from __future__ import annotations

import pytest

import harness

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def fault_server(start_server):
    """One server with a page per planted fault would hide which check fired: one per fault."""
    started = {}

    def server_for(fault: str, args: tuple[str, ...] = ()):
        key = (fault, args)
        if key not in started:
            env = {"TPO_TEST_FAULT": fault} if fault else {}
            started[key] = start_server(env=env, args=args, name=f"fault-{fault or 'none'}")
        return started[key]

    yield server_for
    for server in started.values():
        server.stop()


def fault_page_problems(new_context, server, only=("Overview", "Planted fault")):
    """Discover the pages from the navigation (the fault page must be among them) and check
    the fault page and a healthy one with the same routine as the every-page test."""
    ctx, log = new_context(server)
    visits = {visit.label: visit for visit in harness.visit_every_page(ctx, server.url, only=set(only))}
    assert "Planted fault" in visits, "dashboard.py must register the fault page when TPO_TEST_FAULT is set"
    return visits, log


def test_a_page_that_raises_is_reported(fault_server, new_context):
    visits, _ = fault_page_problems(new_context, fault_server("raise"))
    problems = visits["Planted fault"].problems
    # The config shows no error details (never a stack trace), so the block is found, not its text.
    assert any(p.startswith("exception:") for p in problems), problems
    assert visits["Overview"].problems == []


def test_an_empty_chart_is_reported(fault_server, new_context):
    visits, _ = fault_page_problems(new_context, fault_server("empty-chart"))
    problems = visits["Planted fault"].problems
    assert problems == ["chart 1 (An empty chart) is empty: axes but no data drawn"], problems
    assert visits["Planted fault"].charts == 1
    assert visits["Overview"].problems == []


def test_a_request_to_a_remote_host_is_recorded(fault_server, new_context):
    visits, log = fault_page_problems(new_context, fault_server("remote-request"))
    assert visits["Planted fault"].problems == []   # the page itself looks fine...
    remote = log.remote()                           # ...but the browser asked another host
    assert any(url.startswith("https://tpo-planted-fault.invalid/") for url in remote), log.summary()
    assert "https://tpo-planted-fault.invalid/pixel.png" in log.summary()


def test_usage_statistics_would_be_recorded(fault_server, new_context):
    """With Streamlit's usage statistics switched back on (a command-line flag overrides
    .streamlit/config.toml) the browser fetches Streamlit's metrics configuration: the
    recorder sees it, so the offline test would fail if the setting were lost."""
    server = fault_server("", args=("--browser.gatherUsageStats", "true"))
    ctx, log = new_context(server)
    page = harness.open_page(ctx, server.url + "/")
    page.wait_for_timeout(1500)
    assert any("streamlit.io" in url for url in log.remote()), log.summary()
