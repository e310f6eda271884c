"""Import files uploaded in the browser, one transaction each."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.access import require_edit_rights
from app.safe_text import md
from config.errors import UserError
from data.workspace import ImportSummary, Workspace


@dataclass(frozen=True)
class UploadOutcome:
    file_name: str
    summary: ImportSummary | None = None
    error: str | None = None

    @property
    def message(self) -> str:
        """What happened, for st.error/st.info/st.success: the file's name (chosen by whoever
        uploaded it) and any text from it are escaped, never Markdown."""
        return md(self.error if self.error else self.summary.describe())


def import_uploaded_files(workspace: Workspace, uploads) -> list[UploadOutcome]:
    """Import each uploaded file (objects with .name and .getvalue()); errors are per file.
    Refused as a whole (ReadOnlyMode) when the app is read-only."""
    require_edit_rights(workspace.config_dir, "importing files")
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="tpo-upload-") as folder:
        for upload in uploads:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            try:
                outcomes.append(UploadOutcome(upload.name, workspace.import_file(path, display_name=upload.name)))
            except UserError as exc:
                outcomes.append(UploadOutcome(upload.name, error=str(exc)))
    return outcomes
