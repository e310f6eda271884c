"""Plotly figure builders: DataFrame in, Figure out. No UI, no storage."""
