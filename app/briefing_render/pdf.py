"""The briefing as PDF: the HTML brief printed by headless Chromium (A4, from the HTML's
print stylesheet), when Chromium is installed; otherwise a one-line message saying so."""
from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from analysis.briefing import Briefing
from app.briefing_render.html import render_html
from config.errors import UserError

CHROMIUM = "/usr/bin/chromium"
TIMEOUT_SECONDS = 120
# No sandbox (runs as root in containers), no GPU, and none of Chromium's own network
# traffic; the page itself is self-contained and its policy forbids any request.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-extensions", "--disable-default-apps", "--no-first-run", "--no-pdf-header-footer",
                 "--run-all-compositor-stages-before-draw", "--virtual-time-budget=15000"]


class PdfUnavailable(UserError):
    """No Chromium to print the brief with, or it failed."""


def chromium_path() -> Path | None:
    path = Path(os.environ.get("TPO_CHROMIUM", CHROMIUM))
    return path if path.exists() else None


def render_pdf(briefing: Briefing, app_url: str = "") -> bytes:
    chromium = chromium_path()
    if chromium is None:
        raise PdfUnavailable(f"PDF needs headless Chromium ({CHROMIUM} or $TPO_CHROMIUM), which is not installed; "
                             "export HTML instead and use the browser's Print > Save as PDF")
    with tempfile.TemporaryDirectory(prefix="tpo-briefing-") as folder:
        source, target = Path(folder) / "briefing.html", Path(folder) / "briefing.pdf"
        source.write_bytes(render_html(briefing, app_url))
        command = [str(chromium), *CHROMIUM_ARGS, f"--user-data-dir={folder}/profile",
                   f"--print-to-pdf={target}", source.as_uri()]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(f"Chromium did not print the brief within {TIMEOUT_SECONDS} s") from None
        if not target.exists() or target.stat().st_size == 0:
            raise PdfUnavailable("Chromium could not print the brief to PDF; export HTML instead")
        return target.read_bytes()
