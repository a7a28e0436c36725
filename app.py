"""Router and frame: configure, authenticate, build the role's page list, run it."""

import logging

import streamlit as st
from sqlalchemy.exc import DBAPIError, OperationalError

from dip.settings import ConfigurationError
from models.enums import Role
from ui.auth import build_authenticator, login_form, logout_button, restore_from_cookie
from ui.routing import begin_routing, navigate
from ui.runtime import USER_KEY, load_user
from ui.services import DB_DOWN, run_page
from ui.text import plain

logging.basicConfig(level=logging.INFO)
st.set_page_config(
    page_title="Dashboard DIP - PPID Kalimantan Barat",
    page_icon=":material/library_books:",
    layout="wide",
)


# Every protected page once: address (= file name in pages/), title, icon.
PAGES: dict[str, tuple[str, str]] = {
    "entri": ("Entri DIP", ":material/edit_note:"),
    "dokumentasi": ("Dokumentasi", ":material/inventory_2:"),
    "impor": ("Impor DIP", ":material/upload_file:"),
    "persetujuan": ("Persetujuan", ":material/task_alt:"),
    "progres": ("Progres", ":material/bar_chart:"),
    "dip": ("Daftar Informasi Publik", ":material/menu_book:"),
    "riwayat": ("Riwayat Entri", ":material/history:"),
    "skpd": ("Data SKPD", ":material/apartment:"),
    "pengguna": ("Pengguna", ":material/group:"),
}
PROTECTED_PATHS = tuple(PAGES)
REPORTS = ["progres", "dip", "riwayat"]
# The menu of each role, by section. The services check the role again; this only hides.
MENUS: dict[Role, dict[str, list[str]]] = {
    Role.OFFICER: {"Pekerjaan": ["entri", "dokumentasi", "impor"], "Laporan": REPORTS},
    Role.HEAD: {"Pekerjaan": ["persetujuan"], "Laporan": REPORTS},
    Role.ADMIN: {"Laporan": REPORTS, "Pengaturan": ["skpd", "pengguna"]},
    Role.VIEWER: {"Laporan": REPORTS},
}
HOME_PATH = {
    Role.OFFICER: "entri",
    Role.HEAD: "persetujuan",
    Role.VIEWER: "progres",
    Role.ADMIN: "progres",
}


def pages_for(role: Role) -> dict[str, list[st.Page]]:
    def page(path: str) -> st.Page:
        title, icon = PAGES[path]
        return st.Page(f"pages/{path}.py", title=title, icon=icon, default=path == HOME_PATH[role])

    return {section: [page(p) for p in paths] for section, paths in MENUS[role].items()}


PUBLIC_PAGE = "pages/publik.py"


def login_menu(authenticator: object) -> list[st.Page]:
    """A visitor gets the login form and the public DIP. The login form also answers under
    every protected address, so a deep link shows the form (not an error) and opens its page
    once the user has logged in."""

    def show_login() -> None:
        login_form(authenticator)  # type: ignore[arg-type]

    menu = [
        st.Page(show_login, title="Masuk", icon=":material/login:", url_path="masuk", default=True),
        st.Page(PUBLIC_PAGE, title="DIP Publik", icon=":material/public:"),
    ]
    for path in PROTECTED_PATHS:
        menu.append(
            st.Page(
                show_login,
                title="Masuk",
                icon=":material/login:",
                url_path=path,
                visibility="hidden",
            )
        )
    return menu


def not_for_this_role(role: Role) -> list[st.Page]:
    """Hidden stand-ins for the addresses this role may not open: an Indonesian explanation
    instead of Streamlit's English "Page not found", and no page code runs."""
    open_paths = {path for paths in MENUS[role].values() for path in paths}

    def explain() -> None:
        st.title("Halaman tidak tersedia")
        st.warning(
            f"Halaman ini tidak tersedia untuk peran {role.label}. Pilih halaman lain di menu, "
            "atau hubungi administrator bila Anda memerlukan akses.",
            icon=":material/lock:",
        )

    return [
        st.Page(explain, title="Halaman tidak tersedia", url_path=path, visibility="hidden")
        for path in PROTECTED_PATHS
        if path not in open_paths
    ]


def main() -> None:
    was_legacy = begin_routing()
    try:
        authenticator = build_authenticator()
        restore_from_cookie(authenticator)
        user = (
            load_user(st.session_state.get("username"))
            if st.session_state.get("authentication_status")
            else None
        )
    except ConfigurationError as exc:
        st.error(str(exc))
        st.stop()
    except (OperationalError, DBAPIError):
        logging.getLogger("dip").exception("database unreachable")
        st.error(DB_DOWN)
        st.stop()
    st.session_state[USER_KEY] = user
    if user is None:
        # An account deactivated while logged in falls back to the login form.
        st.session_state["authentication_status"] = None
        run_page(navigate(login_menu(authenticator), was_legacy))
        return
    menu = pages_for(user.role)
    # The public address keeps working after login, without cluttering the staff menu.
    menu.setdefault("Laporan", []).append(
        st.Page(PUBLIC_PAGE, title="DIP Publik", icon=":material/public:", visibility="hidden")
    )
    menu["Laporan"].extend(not_for_this_role(user.role))
    with st.sidebar:
        st.markdown(f"**{plain(user.full_name)}**  \n{user.role.label}")
        logout_button(authenticator)
    run_page(navigate(menu, was_legacy))


main()
