"""The optional e-mail sender thread inside the app process (DIP_MAILER_THREAD=1)."""

import streamlit as st

from dip.mailer import start_background_sender
from ui.database import get_engine


@st.cache_resource(show_spinner=False)
def start_mail_sender() -> bool:
    """Once per process; does nothing unless the setting and the SMTP server are set."""
    return start_background_sender(get_engine())
