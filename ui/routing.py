"""Routing around Streamlit's old pages/ mode, and deep links that survive the login.

The design card keeps the page scripts in pages/, which Streamlit also reads as its old
("pages directory") multipage mode. Until app.py has called st.navigation once in a server
process, Streamlit (1) maps /<name> straight to pages/<name>.py, skipping app.py with its
login and menu, and (2) runs app.py itself in that old mode, where the login form sits at
another place in the element tree than in every later run. Both are undone here, and
nowhere else: require_router sends a page reached directly back through app.py, and
navigate reruns once after the mode has switched.
"""

import re
from urllib.parse import urlparse

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

REQUESTED_PAGE_KEY = "_requested_page"
ROUTED_KEY = "_routed_by_app"
LEFT_LEGACY_KEY = "_left_legacy_mode"
REQUESTED_ENTRY_KEY = "_requested_entry"
ENTRY_PARAM = "entri"  # the query parameter e-mail links carry (dip/notify.py)
_ENTRY_ID = re.compile(r"[1-9][0-9]{0,8}")
# What st.Page accepts as an address: one path segment (no "/"), no surrounding spaces;
# bounded so a pasted long address cannot grow the navigation message without limit.
_ADDRESS = re.compile(r"[^/\s\x00-\x1f\x7f](?:[^/\x00-\x1f\x7f]{0,198}[^/\s\x00-\x1f\x7f])?")


def remember_requested_page() -> None:
    """The address the visitor first asked for, so app.py can open it once it is ready,
    and the entry an e-mail's link names (`/persetujuan?entri=61`), kept through the login."""
    if REQUESTED_PAGE_KEY not in st.session_state:
        path = urlparse(st.context.url or "").path.strip("/").split("/")[-1]
        st.session_state[REQUESTED_PAGE_KEY] = path
        raw = st.query_params.get(ENTRY_PARAM, "")
        st.session_state[REQUESTED_ENTRY_KEY] = int(raw) if _ENTRY_ID.fullmatch(raw) else None


def requested_entry() -> int | None:
    """The entry the address named, if not yet opened."""
    entry_id = st.session_state.get(REQUESTED_ENTRY_KEY)
    return entry_id if isinstance(entry_id, int) else None


def take_requested_entry() -> int | None:
    """The entry the address named, once: the page opening it calls this."""
    entry_id = requested_entry()
    if entry_id is not None:
        st.session_state[REQUESTED_ENTRY_KEY] = None
        st.query_params.pop(ENTRY_PARAM, None)
    return entry_id


def begin_routing() -> bool:
    """app.py's first step in every run: mark the session as routed (and so authenticated)
    and remember the address asked for. True while Streamlit is still in the old mode."""
    # Read-only look at Streamlit's process-wide flag: True until st.navigation first runs.
    was_legacy = bool(PagesManager.uses_pages_directory)
    st.session_state[ROUTED_KEY] = True
    remember_requested_page()
    return was_legacy


def requested_address() -> str | None:
    """The page address the browser asked for in this run ("entri" for /entri), if any."""
    ctx = get_script_run_ctx()
    # Streamlit keeps the address only in its pages manager; read-only, like the flag above.
    name = ctx.pages_manager.intended_page_name if ctx is not None else None
    return name if name and _ADDRESS.fullmatch(name) else None


def require_router() -> None:
    """A session that never went through app.py skipped login and the menu: send it there,
    and app.py opens the page the visitor asked for."""
    if not st.session_state.get(ROUTED_KEY):
        remember_requested_page()
        st.switch_page("app.py")


def go_to_requested_page(pages: list[st.Page]) -> None:
    """Open the address first asked for, once, if this menu has it."""
    wanted = st.session_state.get(REQUESTED_PAGE_KEY)
    if not wanted:
        return
    st.session_state[REQUESTED_PAGE_KEY] = ""
    for candidate in pages:
        if candidate.url_path == wanted:
            st.switch_page(candidate)


def navigate(menu: list[st.Page] | dict[str, list[st.Page]], was_legacy: bool) -> st.Page:
    """st.navigation over the menu, then the two corrections: leave the old mode with one
    rerun (so the first "Masuk" click is not lost), and open a remembered deep link."""
    navigation = st.navigation(menu)
    if was_legacy and not st.session_state.get(LEFT_LEGACY_KEY):
        st.session_state[LEFT_LEGACY_KEY] = True
        st.rerun()
    pages = menu if isinstance(menu, list) else [p for group in menu.values() for p in group]
    go_to_requested_page(pages)
    return navigation
