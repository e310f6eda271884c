"""Dependencies page (being built)."""
import streamlit as st

st.title("Dependencies")
st.info("This page is being built.")
