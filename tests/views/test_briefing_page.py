"""The Briefing page on the demo workspace: the preview shows what the export holds."""
from __future__ import annotations

from analysis.filters import Filters
from app.briefing import SECTIONS, build_briefing
from app.safe_text import md as streamlit_markdown

PAGE = "views/briefing.py"


def test_briefing_page_previews_every_section_with_its_points(app_page, demo_data):
    at = app_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Stakeholder briefing"
    expected = build_briefing(demo_data, Filters())
    assert [h.value for h in at.subheader] == [s.title for s in expected.sections]
    assert expected.answer == ("The briefing for All teams, 19 Nov 2025 to 19 Nov 2026: 7 sections, "
                               "7 decisions needed.")
    assert at.markdown[0].value == f"**{streamlit_markdown(expected.answer)}**"
    shown = "\n".join(m.value for m in at.markdown)
    for section in expected.sections:
        for point in section.points:
            assert streamlit_markdown(point.text) in shown
    assert len(at.get("plotly_chart")) == 5
    plan = next(s for s in expected.sections if s.key == "plan")
    tables = [t.value for t in at.dataframe]
    assert any(list(t.columns) == list(plan.table.columns) and t["Key"].tolist() == plan.table["Key"].tolist()
               for t in tables)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download PowerPoint", "Download HTML brief", "Download PDF", "Download Markdown"]


def test_briefing_page_follows_the_team_filter_and_chosen_sections(app_page):
    at = app_page(PAGE, team=["Mobile"])
    at.multiselect(key="briefing_sections").set_value(["debt", "decisions"]).run()
    assert not at.exception
    assert [h.value for h in at.subheader] == [SECTIONS["debt"].title, SECTIONS["decisions"].title]
    assert at.markdown[0].value.startswith("**The briefing for Mobile\\, ")


def test_briefing_page_with_an_empty_selection_says_no_notable_change(app_page):
    at = app_page(PAGE, team=["Mobile"], since="2030-01-01", until="2030-02-01")
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown)
    assert "No notable change" in shown
