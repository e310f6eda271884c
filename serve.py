"""Start the app with its caches warmed: `streamlit run serve.py`.

The same app as `streamlit run dashboard.py`, with one difference: as soon as the server is
up, every page is run once in the background (app/warm_up.py), so the first visitor of each
page finds the workspace loaded and the page's numbers computed.
"""
import streamlit as st

from app.warm_up import lifespan

streamlit_app = st.App("dashboard.py", lifespan=lifespan)
