"""Have the browser fetch and compile the chart code before the user first opens Progres.

Streamlit loads Plotly's 4.7 MB script only when a page first draws a chart, so the first
click on Progres in a browser tab waited for it (about 2 s more than later clicks, measured
by tests/load/browser_progres.py). A `<link rel="modulepreload">` for that same file, added
once per browser session of a user who may open Progres, lets the browser load it while the
user reads the first page, and a module script importing it runs it 3 s later when the page
is idle (~1.3 s of the browser's time, once per page load); the chart later finds the module
already run. The file name
is read from the installed Streamlit, so an upgrade cannot leave a stale name behind; if the
file is not found nothing is added. The script is a constant of ours (no user text).
"""

import json
from pathlib import Path

import streamlit as st

_DONE_KEY = "_kode_grafik_dimuat"
_JS_DIR = Path(st.__file__).resolve().parent / "static" / "static" / "js"
_FOUND = sorted(_JS_DIR.glob("PlotlyChart.*.js"))
CHART_MODULE = f"static/js/{_FOUND[0].name}" if _FOUND else None
EVALUATE_AFTER_MS = 3000
_SCRIPT = """<script>
(() => {{
  const top = window.parent;
  const doc = top.document;
  const href = new URL({module}, doc.baseURI).href;
  if (top.__dipChartCode) return;
  top.__dipChartCode = true;
  const link = doc.createElement("link");
  link.rel = "modulepreload";
  link.href = href;
  doc.head.appendChild(link);
  // Also run it once the user has stayed a few seconds and the page is idle: evaluating the
  // module is most of the first chart's wait, and the page imports the very same module
  // (same address) when it draws one. A tab left at once never pays for it.
  const evaluate = () => {{
    const script = doc.createElement("script");
    script.type = "module";
    script.textContent = "import " + JSON.stringify(href) + ";";
    doc.head.appendChild(script);
  }};
  top.setTimeout(() => {{
    if (top.requestIdleCallback) top.requestIdleCallback(evaluate, {{timeout: 5000}});
    else evaluate();
  }}, {delay_ms});
}})();
</script>"""


def preload_chart_code() -> None:
    """Once per browser session (the link stays in the page's head after this run)."""
    if CHART_MODULE is None or st.session_state.get(_DONE_KEY):
        return
    st.session_state[_DONE_KEY] = True
    with st.sidebar:
        st.html(
            _SCRIPT.format(module=json.dumps(CHART_MODULE), delay_ms=EVALUATE_AFTER_MS),
            unsafe_allow_javascript=True,
            width="content",
        )
