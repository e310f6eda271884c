"""Technical debt page (being built)."""
import streamlit as st

st.title("Technical debt")
st.info("This page is being built.")
