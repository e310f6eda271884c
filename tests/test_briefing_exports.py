"""The briefing's files: the deck re-read with python-pptx (native charts with the right
series, talking points as bullets, definitions in the notes), HTML, Markdown and the CLI;
and export text that holds markup or formulas shows as text in every format."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from pptx import Presentation

from analysis.briefing import Briefing, ChartSpec, Section, TalkingPoint
from analysis.filters import Filters
from app.briefing import build_briefing
from app.briefing_render import render
from app.briefing_render.escape import markdown, spreadsheet_cell

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
JS_LINK = "[click](javascript:alert(3))"
FORMULA = '=HYPERLINK("http://evil.invalid","x")'
HOSTILE = (SCRIPT, IMAGE, JS_LINK, FORMULA)


def hostile_briefing() -> Briefing:
    points = tuple(TalkingPoint(f"Team {text} is the bottleneck.", "3", f"epic {text}", "debt?team=x")
                   for text in HOSTILE)
    table = pd.DataFrame({"Team": list(HOSTILE), "Sprint": [f"Sprint {t}" for t in HOSTILE]})
    chart = ChartSpec(f"Version {SCRIPT}", HOSTILE, ((FORMULA, (1.0, 2.0, 3.0, 4.0)), (IMAGE, (4.0, 3.0, 2.0, 1.0))))
    section = Section("dependencies", f"Dependencies {IMAGE}", points, table, chart, f"Defined {SCRIPT}")
    return Briefing(f"Briefing {JS_LINK}", (SCRIPT, FORMULA), date(2026, 1, 1), date(2026, 3, 31),
                    date(2026, 3, 31), (section,))


@pytest.fixture(scope="module")
def demo_briefing(demo_data):
    return build_briefing(demo_data, Filters())


def deck(content: bytes):
    return Presentation(io.BytesIO(content))


def slide_texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def charts(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


# ---------------------------------------------------------------- PowerPoint
def test_deck_has_a_title_slide_and_a_slide_per_section_with_native_charts(demo_briefing):
    presentation = deck(render(demo_briefing, "pptx"))
    slides = list(presentation.slides)
    assert len(slides) == 1 + len(demo_briefing.sections)
    title = slide_texts(slides[0])
    assert "Stakeholder briefing" in title and "All teams" in title and "Data as of 2026-11-19" in title
    assert "Period: 19 Nov 2025 to 19 Nov 2026" in title
    for slide, section in zip(slides[1:], demo_briefing.sections):
        text = slide_texts(slide)
        assert section.title in text
        for point in section.points:
            assert point.text in text
        assert slide.notes_slide.notes_text_frame.text.startswith(section.definitions or "No definitions")
        found = charts(slide)
        if section.chart is None:
            assert found == []
            continue
        assert len(found) == 1
        plot = found[0].plots[0]
        assert list(plot.categories) == list(section.chart.categories)
        assert [(s.name, tuple(s.values)) for s in plot.series] == [
            (name, tuple(values)) for name, values in section.chart.series]


def test_deck_debt_chart_holds_the_monthly_open_debt(demo_briefing, demo_data):
    debt = next(s for s in demo_briefing.sections if s.key == "debt")
    slide = list(deck(render(demo_briefing, "pptx")).slides)[1 + demo_briefing.sections.index(debt)]
    series = charts(slide)[0].plots[0].series[0]
    assert series.name == "Open debt items"
    assert series.values[-1] == 399.0      # the debt page's open debt at the end of the period (demo story)
    assert charts(slide)[0].chart_type is not None


def test_deck_schedule_first_chart_holds_the_business_items_waiting_on_the_top_items(demo_briefing, demo_data):
    from analysis.plan import rank_rule
    from app.metrics import run_metric
    plan = next(s for s in demo_briefing.sections if s.key == "plan")
    assert plan.title == "Schedule-first list"
    slide = list(deck(render(demo_briefing, "pptx")).slides)[1 + demo_briefing.sections.index(plan)]
    priorities = run_metric("technical-priorities", demo_data, Filters().with_period(demo_data.reference_date))
    waited_on = priorities[priorities["business_items_unblocked"] > 0].head(6)
    found = charts(slide)
    assert len(found) == 1
    chart_plot = found[0].plots[0]
    assert list(chart_plot.categories) == waited_on["key"].tolist() == ["PLAT-277", "PLAT-350", "PLAT-358",
                                                                         "PLAT-276", "PLAT-307", "PLAT-357"]
    assert [(s.name, tuple(s.values)) for s in chart_plot.series] == [("Business items unblocked", (4.0,) * 6)]
    assert list(plan.table.columns) == ["Rank", "Key", "Summary", "Team", "Category", "Business items unblocked",
                                        "Late by (days)", "Why"]
    assert plan.table["Key"].tolist() == priorities["key"].head(6).tolist()
    assert plan.points[0].text.startswith("Schedule PLAT-277 first: 4 features in Checkout and Mobile wait on it")
    assert plan.points[0].link == "plan?since=2025-11-19&until=2026-11-19"
    notes = slide.notes_slide.notes_text_frame.text
    assert rank_rule(demo_data.settings.plan) in notes and "Score = 10 × open features" in notes


def test_deck_delivery_chart_holds_remaining_and_forecast_items_per_release(demo_briefing, demo_data):
    from app.metrics import run_metric
    delivery = next(s for s in demo_briefing.sections if s.key == "delivery")
    assert delivery.title == "Delivery forecast for the next releases"
    filters = Filters().with_period(demo_data.reference_date)
    releases = run_metric("release-forecast", demo_data, filters).head(6)
    by_date = [run_metric("forecast-how-many", demo_data, filters, {"by": day.date().isoformat(), "unit": "items"})
               .set_index("percentile").loc[85, "items"] for day in releases["release_date"]]
    slide = list(deck(render(demo_briefing, "pptx")).slides)[1 + demo_briefing.sections.index(delivery)]
    found = charts(slide)
    assert len(found) == 1
    chart_plot = found[0].plots[0]
    assert list(chart_plot.categories) == releases["version"].tolist() == ["2026.Q4", "2027.Q1"]
    assert [(s.name, tuple(s.values)) for s in chart_plot.series] == [
        ("Remaining items", (81.0, 93.0)), ("Done by its release date at 85 %", tuple(by_date))]
    assert list(delivery.table.columns) == ["Version", "Release date", "Remaining items", "Done by (50 %)",
                                            "Done by (85 %)", "On track", "Open blockers"]
    assert delivery.table.to_dict("records")[0] == {
        "Version": "2026.Q4", "Release date": "31 Dec 2026", "Remaining items": "81 of 226",
        "Done by (50 %)": "10 Dec 2026", "Done by (85 %)": "14 Dec 2026", "On track": "yes", "Open blockers": "2"}
    headlines = run_metric("delivery-headlines", demo_data, filters)["text"].tolist()
    assert [p.text for p in delivery.points] == [t for t in headlines if t in {p.text for p in delivery.points}]
    assert delivery.points[0].text == headlines[0] and delivery.points[0].link.startswith("delivery?")
    notes = slide.notes_slide.notes_text_frame.text
    assert "10,000 Monte Carlo trials" in notes and "the last 84 days (28 Aug 2026 to 19 Nov 2026)" in notes
    assert "50 %, 85 % or 95 %" in notes


def test_a_conflict_on_the_board_and_the_dependencies_page_is_one_decision(demo_briefing):
    decisions = next(s for s in demo_briefing.sections if s.key == "decisions")
    stated = [p.text for p in decisions.points if p.kind == "decision"]
    assert len(stated) == len(set(stated)) == 7
    # The demo's five board conflicts are all ordering risks too: said once, in the dependencies' words.
    cat_48 = [p for p in decisions.points if "CAT-48 (Catalog) slips" in p.text]
    assert len(cat_48) == 1 and cat_48[0].link.startswith("dependencies?")
    assert decisions.table["Decision"].str.contains("CAT-48").sum() == 1


def test_empty_selection_exports_every_format_with_no_notable_change(demo_data):
    brief = build_briefing(demo_data, Filters(teams=("No such team",)))
    text = render(brief, "md").decode()
    assert "No notable change" in text and "No decision needed" in text
    presentation = deck(render(brief, "pptx"))
    assert len(presentation.slides) == 1 + len(brief.sections)
    assert all(charts(slide) == [] for slide in presentation.slides)   # no chart without data
    assert b"No notable change" in render(brief, "html")


def test_hostile_text_stays_text_in_the_deck():
    content = render(hostile_briefing(), "pptx")
    slides = list(deck(content).slides)
    text = slide_texts(slides[1])
    for value in (SCRIPT, IMAGE, JS_LINK, FORMULA):
        assert f"Team {value} is the bottleneck." in text
    assert "javascript" not in _relationship_targets(content)          # no hyperlink was made
    plot = charts(slides[1])[0].plots[0]
    assert list(plot.categories) == [SCRIPT, IMAGE, JS_LINK, "'" + FORMULA]
    assert plot.series[0].name == "'" + FORMULA
    assert _embedded_workbook_formulas(content) == []


def _relationship_targets(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return " ".join(package.read(n).decode() for n in package.namelist() if n.endswith(".rels"))


def _embedded_workbook_formulas(content: bytes) -> list[str]:
    found = []
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        for name in package.namelist():
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(package.read(name))) as book:
                    for sheet in book.namelist():
                        if sheet.startswith("xl/worksheets/"):
                            found += re.findall(r"<f>(.*?)</f>", book.read(sheet).decode())
    return found


# ---------------------------------------------------------------- HTML and Markdown
def test_html_is_self_contained_with_every_section_and_a_print_stylesheet(demo_briefing):
    page = render(demo_briefing, "html", "http://127.0.0.1:8501").decode()
    for section in demo_briefing.sections:
        assert f"id='section-{section.key}'" in page
    assert "@page { size: A4" in page and "@media print" in page
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=['\"]?https?:", page)
    assert "href='http://127.0.0.1:8501/debt?since=2025-11-19&amp;until=2026-11-19'" in page
    assert page.count("Plotly.newPlot") == sum(1 for s in demo_briefing.sections if s.chart and not s.chart.empty)


def test_hostile_text_is_escaped_in_html():
    page = render(hostile_briefing(), "html").decode()
    body = page[page.index("<body>"):]
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "&lt;img src=x onerror=alert(2)&gt;" in body
    assert "href='javascript" not in body and FORMULA.replace('"', "&quot;") in body
    chart_json = re.findall(r"var f=(\{.*?\});Plotly", body)
    assert chart_json and all("<" not in data for data in chart_json)


def test_markdown_has_points_decisions_and_tables(demo_briefing):
    text = render(demo_briefing, "md", "http://127.0.0.1:8501").decode()
    assert text.startswith("# Stakeholder briefing\n")
    for section in demo_briefing.sections:
        assert f"## {markdown(section.title)}" in text
    assert "## Decisions needed\n\n- Either PLAT" in text
    assert "| Measure | Now | On 19 Nov 2025 |" in text
    assert "[open](http://127.0.0.1:8501/debt?since=2025-11-19&until=2026-11-19)" in text


def test_hostile_text_is_escaped_in_markdown():
    text = render(hostile_briefing(), "md").decode()
    assert "\\<script\\>alert\\(1\\)\\</script\\>" in text
    assert "\\[click\\]\\(javascript:alert\\(3\\)\\)" in text
    assert not re.search(r"(?<!\\)<(script|img)", text) and "](javascript" not in text
    assert "| \\<img src=x onerror=alert\\(2\\)\\> |" in text


def test_spreadsheet_cells_that_would_start_a_formula_are_neutralised():
    assert [spreadsheet_cell(v) for v in ("=1+1", "+1", "-x", "@A", "\tA", "plain", "", None)] == [
        "'=1+1", "'+1", "'-x", "'@A", "'\tA", "plain", "", ""]


def test_unknown_format_is_a_one_line_error(demo_briefing):
    from config.errors import UserError
    with pytest.raises(UserError, match=r"\.pptx, \.html, \.pdf, \.md, not \.docx"):
        render(demo_briefing, "docx")


# ---------------------------------------------------------------- export text end to end
def test_hostile_team_and_summary_from_an_export_are_text_in_every_format(demo_data):
    issues = demo_data.issues
    hostile_team = f"Plat{IMAGE}"
    issues = issues.assign(team=issues["team"].replace({"Platform": hostile_team, "Catalog": FORMULA}),
                           summary=SCRIPT)
    brief = build_briefing(replace(demo_data, issues=issues), Filters())
    md = render(brief, "md").decode()
    assert "Plat\\<img src=x onerror=alert\\(2\\)\\>" in md and not re.search(r"(?<!\\)<img", md)
    page = render(brief, "html").decode()
    body = page[page.index("<body>"):]
    assert "<img src=x" not in body and "Plat&lt;img src=x onerror=alert(2)&gt;" in body
    content = render(brief, "pptx")
    assert _embedded_workbook_formulas(content) == []
    dependency_slide = list(deck(content).slides)[1 + [s.key for s in brief.sections].index("dependencies")]
    assert hostile_team in slide_texts(dependency_slide)
    assert "'" + FORMULA in list(charts(dependency_slide)[0].plots[0].categories)
    # The schedule-first table carries the summaries: text in every format.
    plan = next(s for s in brief.sections if s.key == "plan")
    assert set(plan.table["Summary"]) == {SCRIPT}
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>" not in md and "\\<script\\>alert\\(1\\)\\</script\\>" in md


# ---------------------------------------------------------------- CLI
def test_cli_writes_a_markdown_brief_for_one_team(demo_workspace_dir, tmp_path, capsys):
    import cli
    out = tmp_path / "brief.md"
    assert cli.main(["briefing", "--workspace", str(demo_workspace_dir), "--out", str(out), "--team", "Mobile",
                     "--sections", "debt,decisions", "--since", "2026-05-01"]) == 0
    text = out.read_text()
    assert "**Teams:** Mobile" in text and "**Period:** 1 May 2026 to 19 Nov 2026" in text
    assert [line for line in text.splitlines() if line.startswith("## ")] == ["## Technical debt",
                                                                            "## Decisions needed"]
    assert "2 sections" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["--out", "x.docx"], "not .docx"),
    (["--out", "x.md", "--sections", "debt,nope"], "unknown section nope"),
    (["--out", "x.md", "--points", "9"], "must be 3 to 7, not 9"),
])
def test_cli_user_errors_are_one_line(demo_workspace_dir, tmp_path, capsys, argv, message):
    import cli
    argv = [a if a != "x.docx" and a != "x.md" else str(tmp_path / a) for a in argv]
    assert cli.main(["briefing", "--workspace", str(demo_workspace_dir), *argv]) == cli.EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


# ---------------------------------------------------------------- plotly figure
def test_briefing_figure_draws_each_series_with_escaped_labels():
    from charts.briefing import briefing_figure
    figure = briefing_figure(f"Title {SCRIPT}", ["Web", IMAGE], [("Share %", (10.0, 20.0)), ("Target %", (35.0, 35.0))],
                             kind="bar", unit="% of points")
    assert [(t.type, t.name, list(t.x), list(t.y)) for t in figure.data] == [
        ("bar", "Share %", ["Web", "&lt;img src=x onerror=alert(2)&gt;"], [10.0, 20.0]),
        ("bar", "Target %", ["Web", "&lt;img src=x onerror=alert(2)&gt;"], [35.0, 35.0])]
    assert figure.layout.title.text == "Title &lt;script&gt;alert(1)&lt;/script&gt;"
    line = briefing_figure("t", [], [("Open", ())], kind="line")
    assert [(t.type, t.mode, list(t.x)) for t in line.data] == [("scatter", "lines+markers", [])]


# ---------------------------------------------------------------- page headline modules plug in
def test_sections_speak_with_the_pages_own_headlines(demo_data, monkeypatch):
    import app.briefing
    from analysis.headlines.base import Headline
    asked = []

    def page_headlines(data, filters, page, period, by):
        asked.append((page, period, by, filters.since, filters.until))
        return [Headline(f"The {page} page says so.", page, 0.9, 1.0, "from 0 to 1")]

    monkeypatch.setattr(app.briefing, "page_headlines", page_headlines)
    brief = build_briefing(demo_data, Filters(since=date(2026, 6, 1)), ["debt", "dependencies", "balance"])
    assert asked == [(page, "month", "points", date(2026, 6, 1), date(2026, 11, 19))
                     for page in ("debt", "dependencies", "balance")]
    assert [(s.key, s.points[0].text) for s in brief.sections] == [
        ("debt", "The debt page says so."), ("dependencies", "The dependencies page says so."),
        ("balance", "The balance page says so.")]
    assert brief.sections[0].points[0].link == "debt?since=2026-06-01&until=2026-11-19"
