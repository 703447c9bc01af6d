"""Splashdown: the domain layer of the North Korean missile launch dashboard (no Streamlit here)."""

__version__ = "0.1.0"
