"""Messages that outlive a rerun: the confirmation of a change and the errors by field."""

import streamlit as st

from ui.text import plain_message

FLASH_KEY = "_flash"


def flash(message: str) -> None:
    """A confirmation that survives the rerun that follows a successful action."""
    st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def field_error(errors_key: str, name: str) -> None:
    """Show the message for one field, if the last attempt had one."""
    message = st.session_state.get(errors_key, {}).get(name)
    if message:
        st.error(plain_message(message), icon=":material/warning:")
