"""On a phone the menu panel covers most of the screen: close it once a page is chosen.

Streamlit closes its own page list on a narrow screen, but not the st.page_link menu that
app.py draws; this does the same for ours. The script is a constant of ours (no user text);
it runs again only when the page changes (the page name is part of the element), and does
nothing on a wide screen or when the menu is already closed.
"""

import json

import streamlit as st

# Streamlit's own "narrow screen" limit (its md breakpoint), where the menu starts closed.
_NARROW = "(max-width: 768px)"
_SCRIPT = """<script data-page={page}>
(() => {{
  if (!window.matchMedia({narrow}).matches) return;
  const sidebar = window.parent.document.querySelector('[data-testid="stSidebar"]');
  if (!sidebar || sidebar.getAttribute("data-collapsed") === "true") return;
  const close = sidebar.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (close) close.click();
}})();
</script>"""


def close_menu_on_phone(page_name: str) -> None:
    with st.sidebar:
        st.html(
            _SCRIPT.format(page=json.dumps(page_name), narrow=json.dumps(_NARROW)),
            unsafe_allow_javascript=True,
            width="content",
        )
