"""Metrics of the Roadmap balance page, registered with the CLI and pages."""
from app.metrics import Option, metric  # noqa: F401
