"""Router and frame: configure, authenticate, build the role's page list, run it."""

import logging

import streamlit as st

from dip.access import PAGES, home_page, may_open, menu_for
from dip.settings import ConfigurationError
from models.enums import Role
from ui.auth import build_authenticator, login_form, logout_button, restore_from_cookie
from ui.routing import begin_routing, navigate
from ui.runtime import USER_KEY, load_user
from ui.services import DB_DOWN, DB_ERRORS, run_page
from ui.text import plain

logging.basicConfig(level=logging.INFO)
st.set_page_config(
    page_title="Dashboard DIP - PPID Kalimantan Barat",
    page_icon=":material/library_books:",
    layout="wide",
)


# Pages, menus and home pages come from the access policy (dip/access.py); the services and
# each page check again, so the menu only hides.
PROTECTED_PATHS = tuple(PAGES)


def pages_for(role: Role) -> dict[str, list[st.Page]]:
    home = home_page(role)

    def page(path: str) -> st.Page:
        info = PAGES[path]
        return st.Page(f"pages/{path}.py", title=info.title, icon=info.icon, default=path == home)

    return {section: [page(p) for p in paths] for section, paths in menu_for(role).items()}


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
        if not may_open(role, path)
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
    except DB_ERRORS:
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
    # The public address keeps working after login, without cluttering the staff menu; a role
    # the policy gives no page at all lands on it.
    no_pages = home_page(user.role) is None
    menu.setdefault("Laporan", []).append(
        st.Page(
            PUBLIC_PAGE,
            title="DIP Publik",
            icon=":material/public:",
            visibility="visible" if no_pages else "hidden",
            default=no_pages,
        )
    )
    menu["Laporan"].extend(not_for_this_role(user.role))
    with st.sidebar:
        st.markdown(f"**{plain(user.full_name)}**  \n{user.role.label}")
        logout_button(authenticator)
    run_page(navigate(menu, was_legacy))


main()
