"""The entry an e-mail's link names (`/persetujuan?entri=61`), held open on its page.

ui/routing.py remembers the number from the address (through the login, too); a page takes
it once and holds it under its own key until the user is done with that entry.
"""

import streamlit as st

from ui.routing import take_requested_entry


def hold_linked_entry(key: str) -> int | None:
    """The linked entry this page is showing, if any."""
    entry_id = take_requested_entry()
    if entry_id is not None:
        st.session_state[key] = entry_id
    held = st.session_state.get(key)
    return held if isinstance(held, int) else None


def release_linked_entry(key: str) -> None:
    st.session_state.pop(key, None)
