"""Router and frame: configure, authenticate, build the role's page list, run it."""

import logging

import streamlit as st
from sqlalchemy.exc import DBAPIError, OperationalError
from streamlit.runtime.pages_manager import PagesManager

from dip.settings import ConfigurationError
from models.enums import Role
from ui.auth import collect_cookie_after_login, current_login, login_form, logout_button
from ui.runtime import (
    DB_DOWN,
    REQUESTED_PAGE_KEY,
    USER_KEY,
    mark_routed,
    remember_requested_page,
    run_page,
)
from ui.session_cookie import session_cookie_routes
from ui.text import plain

logging.basicConfig(level=logging.INFO)


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
    "akun": ("Akun Saya", ":material/account_circle:"),
}
PROTECTED_PATHS = tuple(PAGES)
REPORTS = ["progres", "dip", "riwayat"]
# The menu of each role, by section. The services check the role again; this only hides.
OWN_ACCOUNT = ["akun"]
MENUS: dict[Role, dict[str, list[str]]] = {
    Role.OFFICER: {
        "Pekerjaan": ["entri", "dokumentasi", "impor"],
        "Laporan": REPORTS,
        "Akun": OWN_ACCOUNT,
    },
    Role.HEAD: {"Pekerjaan": ["persetujuan"], "Laporan": REPORTS, "Akun": OWN_ACCOUNT},
    Role.ADMIN: {"Laporan": REPORTS, "Pengaturan": ["skpd", "pengguna"], "Akun": OWN_ACCOUNT},
    Role.VIEWER: {"Laporan": REPORTS, "Akun": OWN_ACCOUNT},
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


def password_change_menu() -> dict[str, list[st.Page]]:
    """After an administrator's reset the account may open only its own account page."""
    title, icon = PAGES["akun"]
    menu = [st.Page("pages/akun.py", title=title, icon=icon, default=True)]

    def explain() -> None:
        st.title("Ganti kata sandi dahulu")
        st.warning("Ganti kata sandi Anda di halaman Akun Saya sebelum membuka halaman lain.")

    menu += [
        st.Page(explain, title="Ganti kata sandi dahulu", url_path=path, visibility="hidden")
        for path in PROTECTED_PATHS
        if path != "akun"
    ]
    return {"Akun": menu}


def login_menu() -> list[st.Page]:
    """A visitor gets the login form and the public DIP. The login form also answers under
    every protected address, so a deep link shows the form (not an error) and opens its page
    once the user has logged in."""

    def show_login() -> None:
        login_form(HOME_PATH)

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


def go_to_requested_page(pages: list[st.Page]) -> None:
    """Open the address first asked for, once, if this menu has it."""
    wanted = st.session_state.get(REQUESTED_PAGE_KEY)
    if not wanted:
        return
    st.session_state[REQUESTED_PAGE_KEY] = ""
    for candidate in pages:
        if candidate.url_path == wanted:
            st.switch_page(candidate)


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


def leave_legacy_page_mode(was_legacy: bool) -> None:
    """A fresh server runs its first script runs in Streamlit's old pages/ mode, where the
    login form sits at another place in the element tree than in every later run, so the
    first "Masuk" click would be lost. Once st.navigation has switched the mode, rerun once
    so what the visitor sees is what the next run understands."""
    if was_legacy and not st.session_state.get("_left_legacy_mode"):
        st.session_state["_left_legacy_mode"] = True
        st.rerun()


def main() -> None:
    st.set_page_config(
        page_title="Dashboard DIP - PPID Kalimantan Barat",
        page_icon=":material/library_books:",
        layout="wide",
    )
    # Read-only look at Streamlit's process-wide flag: True until st.navigation first runs.
    was_legacy = bool(PagesManager.uses_pages_directory)
    mark_routed()
    remember_requested_page()
    try:
        user = current_login()
    except ConfigurationError as exc:
        st.error(str(exc))
        st.stop()
    except (OperationalError, DBAPIError):
        logging.getLogger("dip").exception("database unreachable")
        st.error(DB_DOWN)
        st.stop()
    st.session_state[USER_KEY] = user
    if user is None:
        # An ended session or a deactivated account falls back to the login form.
        visitor_menu = login_menu()
        navigation = st.navigation(visitor_menu)
        leave_legacy_page_mode(was_legacy)
        go_to_requested_page(visitor_menu)
        run_page(navigation)
        return
    if user.must_change_password:
        menu = password_change_menu()
    else:
        menu = pages_for(user.role)
        # The public address keeps working after login, without cluttering the staff menu.
        menu.setdefault("Laporan", []).append(
            st.Page(PUBLIC_PAGE, title="DIP Publik", icon=":material/public:", visibility="hidden")
        )
        menu["Laporan"].extend(not_for_this_role(user.role))
    with st.sidebar:
        st.markdown(f"**{plain(user.full_name)}**  \n{user.role.label}")
        logout_button()
        collect_cookie_after_login()
    navigation = st.navigation(menu)
    leave_legacy_page_mode(was_legacy)
    go_to_requested_page([p for group in menu.values() for p in group])
    run_page(navigation)


if __name__ == "__main__":
    # Streamlit runs this file as __main__ on every script run.
    main()
else:
    # `streamlit run app.py` imports the file once to find this server: Streamlit's own
    # routes plus the two that set and clear the HttpOnly login cookie.
    app = st.App(__file__, routes=session_cookie_routes())
