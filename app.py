"""Router and frame: configure, authenticate, build the role's page list, run it."""

import logging
from urllib.parse import urlparse

import streamlit as st
from sqlalchemy.exc import OperationalError

from dip.settings import ConfigurationError
from models.enums import Role
from ui.auth import build_authenticator, login_form, logout_button, restore_from_cookie
from ui.runtime import USER_KEY, load_user

logging.basicConfig(level=logging.INFO)
st.set_page_config(
    page_title="Dashboard DIP - PPID Kalimantan Barat", page_icon="📚", layout="wide"
)

REQUESTED_PAGE_KEY = "_requested_page"


def page(path: str, title: str, icon: str, *, default: bool = False) -> st.Page:
    return st.Page(path, title=title, icon=icon, default=default)


def pages_for(role: Role) -> dict[str, list[st.Page]]:
    """The menu of each role. The services check the role again; this only hides."""
    progres = page("pages/progres.py", "Progres", "📊", default=role in (Role.VIEWER, Role.ADMIN))
    dip = page("pages/dip.py", "Daftar Informasi Publik", "📖")
    if role is Role.OFFICER:
        return {
            "Pekerjaan": [
                page("pages/entri.py", "Entri DIP", "📝", default=True),
                page("pages/dokumentasi.py", "Dokumentasi", "🗄️"),
            ],
            "Laporan": [progres, dip],
        }
    if role is Role.HEAD:
        return {
            "Pekerjaan": [page("pages/persetujuan.py", "Persetujuan", "✅", default=True)],
            "Laporan": [progres, dip],
        }
    if role is Role.ADMIN:
        return {"Laporan": [progres, dip], "Pengaturan": [page("pages/skpd.py", "Data SKPD", "🏢")]}
    return {"Laporan": [progres, dip]}


PROTECTED_PATHS = ("entri", "dokumentasi", "persetujuan", "progres", "dip", "skpd")


def login_menu(authenticator: object) -> list[st.Page]:
    """A visitor gets only the login form, also under every protected address, so a deep
    link shows the form (not an error) and opens its page once the user has logged in."""

    def show_login() -> None:
        login_form(authenticator)  # type: ignore[arg-type]

    menu = [st.Page(show_login, title="Masuk", icon="🔑", url_path="masuk", default=True)]
    for path in PROTECTED_PATHS:
        menu.append(
            st.Page(show_login, title="Masuk", icon="🔑", url_path=path, visibility="hidden")
        )
    return menu


def remember_requested_page() -> None:
    """The cookie is honoured one rerun late; keep the deep link so we can go there after."""
    if REQUESTED_PAGE_KEY not in st.session_state:
        path = urlparse(st.context.url or "").path.strip("/").split("/")[-1]
        st.session_state[REQUESTED_PAGE_KEY] = path


def go_to_requested_page(menu: dict[str, list[st.Page]]) -> None:
    wanted = st.session_state.get(REQUESTED_PAGE_KEY)
    if not wanted:
        return
    st.session_state[REQUESTED_PAGE_KEY] = ""
    for group in menu.values():
        for candidate in group:
            if candidate.url_path == wanted:
                st.switch_page(candidate)


def main() -> None:
    remember_requested_page()
    try:
        authenticator = build_authenticator()
    except ConfigurationError as exc:
        st.error(str(exc))
        st.stop()
    except OperationalError:
        logging.getLogger("dip").exception("database unreachable at start")
        st.error(
            "Basis data tidak dapat dihubungi. Coba muat ulang halaman beberapa saat lagi "
            "atau hubungi administrator."
        )
        st.stop()
    restore_from_cookie(authenticator)
    user = (
        load_user(st.session_state.get("username"))
        if st.session_state.get("authentication_status")
        else None
    )
    st.session_state[USER_KEY] = user
    if user is None:
        st.navigation(login_menu(authenticator), position="hidden").run()
        return
    menu = pages_for(user.role)
    with st.sidebar:
        st.markdown(f"**{user.full_name}**  \n{user.role.label}")
        logout_button(authenticator)
    if not st.session_state.get("authentication_status"):
        st.session_state[USER_KEY] = None
        st.rerun()
    navigation = st.navigation(menu)
    go_to_requested_page(menu)
    navigation.run()


main()
