"""The briefing as one self-contained HTML file: plotly.js inlined from the installed
plotly package (no network), every value from an export HTML-escaped, and a print
stylesheet so that the browser's "Save as PDF" gives clean A4 pages, one per section."""
from __future__ import annotations

from functools import lru_cache

from plotly.offline import get_plotlyjs

from analysis.briefing import Briefing, Section, TalkingPoint
from app.briefing_render.escape import html_text
from charts.briefing import briefing_figure
from charts.margins import fit_margins

PRINT_WIDTH_PX = 680          # the text width of an A4 page with 15 mm margins, at 96 dpi

STYLE = """
body { font-family: sans-serif; color: #222; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
header { border-bottom: 2px solid #F58518; margin-bottom: 1.5rem; }
header dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
header dt { font-weight: bold; }
section { margin-bottom: 2.5rem; }
li { margin-bottom: .4rem; }
.comparison { color: #555; }
.definitions { color: #666; font-size: .85rem; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .9rem; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; }
.chart { width: %(width)dpx; height: 340px; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; }
  section { break-before: page; }
  header + section { break-before: auto; }
  .chart, table { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
""" % {"width": PRINT_WIDTH_PX}


@lru_cache(maxsize=1)
def _plotly_js() -> str:
    # Inside a <script> element, "</script" would end it early.
    return get_plotlyjs().replace("</script", "<\\/script")


def render_html(briefing: Briefing, app_url: str = "") -> bytes:
    body = [
        "<header>",
        f"<h1>{html_text(briefing.title)}</h1>",
        "<dl>",
        f"<dt>Teams</dt><dd class='teams'>{html_text(briefing.teams_text)}</dd>",
        f"<dt>Period</dt><dd>{html_text(briefing.period_text)}</dd>",
        f"<dt>Data as of</dt><dd>{briefing.data_date.isoformat()}</dd>",
        "</dl>",
        "</header>",
    ]
    for index, section in enumerate(briefing.sections):
        body.append(_section(section, index, app_url))
    page = (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:; font-src data:\">"
        f"<title>{html_text(briefing.title)}</title>"
        f"<style>{STYLE}</style>"
        f"<script>{_plotly_js()}</script>"
        "</head><body>" + "\n".join(body) + "</body></html>"
    )
    return page.encode("utf-8")


def _section(section: Section, index: int, app_url: str) -> str:
    parts = [f"<section id='section-{html_text(section.key)}' data-section='{html_text(section.key)}'>",
             f"<h2>{html_text(section.title)}</h2>", "<ul class='points'>"]
    parts += [f"<li>{_point(point, app_url)}</li>" for point in section.points]
    parts.append("</ul>")
    if section.chart is not None and not section.chart.empty:
        parts.append(_chart(section, index))
    if not section.table.empty:
        parts.append(_table(section))
    if section.definitions:
        parts.append(f"<p class='definitions'>{html_text(section.definitions)}</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _point(point: TalkingPoint, app_url: str) -> str:
    text = html_text(point.text)
    if point.comparison:
        text += f" <span class='comparison'>({html_text(point.comparison)})</span>"
    if point.link and app_url.startswith(("http://", "https://")):
        text += f" <a href='{html_text(app_url.rstrip('/') + '/' + point.link)}'>open</a>"
    return text


def _chart(section: Section, index: int) -> str:
    spec = section.chart
    figure = briefing_figure(spec.title, spec.categories, spec.series, spec.kind, spec.unit)
    figure = fit_margins(figure.update_layout(width=PRINT_WIDTH_PX))
    # JSON inside <script>: <, > and & as \\u escapes, so no value can close the element.
    data = (figure.to_json().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    element = f"chart-{index}"
    return (f"<div class='chart' id='{element}'></div>"
            f"<script>(function(){{var f={data};Plotly.newPlot('{element}',f.data,f.layout,"
            "{staticPlot:false,displayModeBar:false,responsive:false});})();</script>")


def _table(section: Section) -> str:
    head = "".join(f"<th>{html_text(c)}</th>" for c in section.table.columns)
    rows = "".join("<tr>" + "".join(f"<td>{html_text(v)}</td>" for v in row) + "</tr>"
                   for row in section.table.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
