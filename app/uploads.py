"""Import files uploaded in the browser, one transaction each."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from app import mappings
from app.access import require_edit_rights
from app.safe_text import md
from config.errors import UserError
from data.workspace import ImportSummary, Workspace


@dataclass(frozen=True)
class UploadOutcome:
    file_name: str
    summary: ImportSummary | None = None
    error: str | None = None
    columns: tuple[str, ...] = ()     # a CSV no importer recognised: its columns, to map

    @property
    def message(self) -> str:
        """What happened, for st.error/st.info/st.success: the file's name (chosen by whoever
        uploaded it) and any text from it are escaped, never Markdown."""
        return md(self.error if self.error else self.summary.describe())


def import_uploaded_files(workspace: Workspace, uploads, mapping: mappings.Mapping | None = None) -> list[UploadOutcome]:
    """Import each uploaded file (objects with .name and .getvalue()); errors are per file.
    A file whose header has a saved mapping is read through it; `mapping` is used (and
    saved for the header) when given. Refused as a whole (ReadOnlyMode) when the app is
    read-only."""
    require_edit_rights(workspace.config_dir, "importing files")
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="tpo-upload-") as folder:
        for upload in uploads:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            try:
                summary = mappings.import_file(workspace, path, mapping=mapping, display_name=upload.name)
                outcomes.append(UploadOutcome(upload.name, summary))
            except mappings.UnrecognisedCsv as exc:
                outcomes.append(UploadOutcome(upload.name, error=str(exc).split("\n", 1)[0],
                                              columns=tuple(exc.columns)))
            except UserError as exc:
                outcomes.append(UploadOutcome(upload.name, error=str(exc)))
    return outcomes
