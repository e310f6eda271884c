"""Import files uploaded in the browser, one transaction each."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from config.errors import UserError
from data.workspace import ImportSummary, Workspace


@dataclass(frozen=True)
class UploadOutcome:
    file_name: str
    summary: ImportSummary | None = None
    error: str | None = None


def import_uploaded_files(workspace: Workspace, uploads) -> list[UploadOutcome]:
    """Import each uploaded file (objects with .name and .getvalue()); errors are per file."""
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
