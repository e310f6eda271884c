"""The briefing's formats: each renderer takes a `Briefing` (analysis/briefing.py) and the
app's address (for the links back; "" leaves them out) and returns the file's bytes."""
from __future__ import annotations

from typing import Callable

from analysis.briefing import Briefing
from app.briefing_render.html import render_html
from app.briefing_render.markdown import render_markdown
from app.briefing_render.pdf import PdfUnavailable, chromium_path, render_pdf  # noqa: F401
from app.briefing_render.pptx import render_pptx
from config.errors import UserError

FORMATS: dict[str, tuple[Callable[[Briefing, str], bytes], str, str]] = {
    # suffix: (renderer, mime type, label)
    "pptx": (render_pptx, "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint"),
    "html": (render_html, "text/html", "HTML brief"),
    "pdf": (render_pdf, "application/pdf", "PDF"),
    "md": (render_markdown, "text/markdown", "Markdown"),
}


def render(briefing: Briefing, suffix: str, app_url: str = "") -> bytes:
    suffix = suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise UserError(f"a briefing is written as {', '.join('.' + s for s in FORMATS)}, not .{suffix}")
    return FORMATS[suffix][0](briefing, app_url)
