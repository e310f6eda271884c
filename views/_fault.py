"""Test-only page with planted faults, registered by dashboard.py only when the environment
variable TPO_TEST_FAULT is set (never in normal use). The browser tests start a server with
it to show that their checks catch each fault. TPO_TEST_FAULT is a comma-separated list of:

* ``raise``          — the script raises an exception (an exception block on the page);
* ``empty-chart``    — a plotly chart with axes and no data;
* ``remote-request`` — the page makes the browser ask a remote host for an image (a host
  under .invalid, which never resolves; the tests abort it before it leaves anyway).
"""
import os

import plotly.graph_objects as go
import streamlit as st

faults = {fault.strip() for fault in os.environ.get("TPO_TEST_FAULT", "").split(",") if fault.strip()}

st.title("Planted fault")
st.caption(f"Test-only page. Faults planted: {', '.join(sorted(faults)) or 'none'}.")

if "empty-chart" in faults:
    st.plotly_chart(go.Figure(layout={"title": {"text": "An empty chart"}}), width="stretch")
if "remote-request" in faults:
    st.markdown('<img src="https://tpo-planted-fault.invalid/pixel.png" alt="remote pixel" width="1" height="1">',
                unsafe_allow_html=True)
if "raise" in faults:
    raise RuntimeError("planted fault: this page raises (TPO_TEST_FAULT=raise)")
