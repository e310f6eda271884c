"""The briefing as a PowerPoint deck: a title slide, then one slide per section with a
native, editable chart (a chart object with its data workbook, not a picture), the talking
points as bullets and the definitions in the speaker notes."""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Inches, Pt

from analysis.briefing import Briefing, ChartSpec, Section
from app.briefing_render.escape import plain, spreadsheet_cell

TITLE_LAYOUT, TITLE_AND_CONTENT_LAYOUT = 0, 1
CHART_TYPES = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "line": XL_CHART_TYPE.LINE_MARKERS}
WIDE = (Inches(13.333), Inches(7.5))


def render_pptx(briefing: Briefing, app_url: str = "") -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDE
    _title_slide(deck, briefing)
    for section in briefing.sections:
        _section_slide(deck, section, app_url)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _title_slide(deck, briefing: Briefing) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    slide.shapes.title.text = plain(briefing.title)
    # The default template's layouts are 4:3: widen the placeholders to the 16:9 slide.
    for shape in (slide.shapes.title, slide.placeholders[1]):
        shape.left, shape.width = Inches(0.75), Inches(11.8)
    slide.placeholders[1].text = plain(f"Teams: {briefing.teams_text}\nPeriod: {briefing.period_text}\n"
                                       f"Data as of {briefing.data_date.isoformat()}")
    slide.notes_slide.notes_text_frame.text = "Made with TPO Dashboard from the exports in the workspace."


def _section_slide(deck, section: Section, app_url: str) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT_LAYOUT])
    slide.shapes.title.text = plain(section.title)
    title = slide.shapes.title
    # Placed explicitly: the default template's title sits for a 4:3 slide, and LibreOffice
    # then draws it half above the wide slide's top edge.
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(0.3), Inches(12.3), Inches(1.0)
    title.text_frame.paragraphs[0].font.size = Pt(32)
    has_chart = section.chart is not None and not section.chart.empty
    left, top = Inches(0.5), Inches(1.4)
    # The layout's body placeholder keeps PowerPoint's own bullets; it makes room for the chart.
    body = slide.placeholders[1]
    body.left, body.top = left, top
    body.width, body.height = (Inches(5.6) if has_chart else Inches(12.3)), Inches(5.6)
    frame = body.text_frame
    frame.word_wrap = True
    for index, point in enumerate(section.points):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = plain(point.text)
        paragraph.level = 0
        paragraph.font.size = Pt(16)
        if point.comparison:
            detail = frame.add_paragraph()
            detail.text = plain(point.comparison)
            detail.level = 1
            detail.font.size = Pt(12)
    if has_chart:
        _chart(slide, section.chart, Inches(6.4), top, Inches(6.5), Inches(5.4))
    notes = [section.definitions or "No definitions for this section."]
    notes += [f"Source: {app_url.rstrip('/')}/{p.link}" if app_url else f"Source page: {p.link}"
              for p in section.points if p.link][:1]
    slide.notes_slide.notes_text_frame.text = plain("\n".join(notes))


def _chart(slide, spec: ChartSpec, left, top, width, height) -> None:
    data = CategoryChartData()
    # The chart's data is an embedded workbook: labels that look like formulas are neutralised.
    data.categories = [spreadsheet_cell(c) for c in spec.categories]
    for name, values in spec.series:
        data.add_series(spreadsheet_cell(name), list(values))
    chart = slide.shapes.add_chart(CHART_TYPES.get(spec.kind, XL_CHART_TYPE.COLUMN_CLUSTERED),
                                   left, top, width, height, data).chart
    chart.has_title = True
    chart.chart_title.text_frame.text = plain(spec.title)
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
