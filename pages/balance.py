"""Roadmap balance page (being built)."""
import streamlit as st

st.title("Roadmap balance")
st.info("This page is being built.")
