"""Errors of the data layer that a user can cause; each message says what to do."""
from config.errors import UserError


class ImportRefused(UserError):
    """The file is not an export we can read; nothing was written."""


class WorkspaceBusy(UserError):
    """Another process holds the workspace for writing."""


class WorkspaceSchemaError(UserError):
    """The workspace was written by an incompatible version of TPO Dashboard."""
