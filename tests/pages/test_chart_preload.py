"""The chart-code preload names a file the installed Streamlit really serves, so a Streamlit
upgrade that renames Plotly's chunk fails here instead of silently preloading nothing."""

from pathlib import Path

import streamlit as st

from ui.chart_preload import CHART_MODULE


def test_the_preloaded_chart_module_is_a_file_streamlit_serves() -> None:
    assert CHART_MODULE is not None, "Streamlit's PlotlyChart chunk was not found"
    served = Path(st.__file__).resolve().parent / "static" / CHART_MODULE
    assert served.is_file() and served.stat().st_size > 1_000_000
