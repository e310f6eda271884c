"""The briefing as Markdown for a wiki, a chat or an email: the talking points with their
links back, the decisions and a small table per section. Every value from an export is
escaped (app/briefing_render/escape.markdown)."""
from __future__ import annotations

import pandas as pd

from analysis.briefing import Briefing, TalkingPoint
from app.briefing_render.escape import markdown


def render_markdown(briefing: Briefing, app_url: str = "") -> bytes:
    lines = [f"# {markdown(briefing.title)}", "",
             f"**Teams:** {markdown(briefing.teams_text)}  ",
             f"**Period:** {markdown(briefing.period_text)}  ",
             f"**Data as of:** {briefing.data_date.isoformat()}", ""]
    for section in briefing.sections:
        lines += [f"## {markdown(section.title)}", ""]
        lines += [_point(point, app_url) for point in section.points]
        lines.append("")
        if not section.table.empty:
            lines += _table(section.table) + [""]
    return "\n".join(lines).encode("utf-8")


def _point(point: TalkingPoint, app_url: str) -> str:
    text = f"- {markdown(point.text)}"
    if point.comparison:
        text += f" ({markdown(point.comparison)})"
    if point.link and app_url:
        # The url is ours (app address + page + our query string); only its brackets need care.
        target = f"{app_url.rstrip('/')}/{point.link}".replace(")", "%29").replace(" ", "%20")
        text += f" [open]({target})"
    return text


def _table(table: pd.DataFrame) -> list[str]:
    header = "| " + " | ".join(markdown(c) for c in table.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in table.columns) + "|"
    rows = ["| " + " | ".join(markdown(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return [header, rule, *rows]
