"""Import files uploaded in the browser, one transaction each."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from app import mappings
from config.errors import UserError
from data.workspace import ImportSummary, Workspace


@dataclass(frozen=True)
class UploadOutcome:
    file_name: str
    summary: ImportSummary | None = None
    error: str | None = None
    columns: tuple[str, ...] = ()     # a CSV no importer recognised: its columns, to map


def import_uploaded_files(workspace: Workspace, uploads, mapping: mappings.Mapping | None = None) -> list[UploadOutcome]:
    """Import each uploaded file (objects with .name and .getvalue()); errors are per file.
    A file whose header has a saved mapping is read through it; `mapping` is used (and
    saved for the header) when given."""
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
