"""Glue shared by the two front ends (dashboard pages and the CLI): loads the workspace
into classified DataFrames and holds the registry of named metrics. No Streamlit here
except in `app/ui.py`, which only pages and dashboard.py import."""
