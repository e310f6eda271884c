"""Storage: importers (one module per source format), the DuckDB workspace and its SQL."""
