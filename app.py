"""Router and frame: configure, authenticate, build the role's page list, run it."""

import logging

import streamlit as st

from dip.access import OWN_ACCOUNT_PAGE, PAGES, home_page, may_open, menu_for, role_label
from dip.settings import ConfigurationError
from models.enums import Role
from ui.auth import collect_cookie_after_login, current_login, login_form, logout_button
from ui.routing import begin_routing, navigate
from ui.runtime import USER_KEY
from ui.services import DB_DOWN, DB_ERRORS, run_page
from ui.session_cookie import session_cookie_routes
from ui.text import plain

logging.basicConfig(level=logging.INFO)


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


def login_menu() -> list[st.Page]:
    """A visitor gets the login form and the public DIP. The login form also answers under
    every protected address, so a deep link shows the form (not an error) and opens its page
    once the user has logged in."""

    def show_login() -> None:
        login_form(home_page)

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


def password_change_menu() -> dict[str, list[st.Page]]:
    """After an administrator's reset the account may open only its own account page."""
    info = PAGES[OWN_ACCOUNT_PAGE]
    menu = [st.Page(f"pages/{OWN_ACCOUNT_PAGE}.py", title=info.title, icon=info.icon, default=True)]

    def explain() -> None:
        st.title("Ganti kata sandi dahulu")
        st.warning("Ganti kata sandi Anda di halaman Akun Saya sebelum membuka halaman lain.")

    menu += [
        st.Page(explain, title="Ganti kata sandi dahulu", url_path=path, visibility="hidden")
        for path in PROTECTED_PATHS
        if path != OWN_ACCOUNT_PAGE
    ]
    return {"Akun": menu}


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


def staff_menu(role: Role) -> dict[str, list[st.Page]]:
    menu = pages_for(role)
    # The public address keeps working after login, without cluttering the staff menu; a role
    # the policy gives no page at all lands on it.
    no_pages = home_page(role) is None
    menu.setdefault("Laporan", []).append(
        st.Page(
            PUBLIC_PAGE,
            title="DIP Publik",
            icon=":material/public:",
            visibility="visible" if no_pages else "hidden",
            default=no_pages,
        )
    )
    menu["Laporan"].extend(not_for_this_role(role))
    return menu


def main() -> None:
    st.set_page_config(
        page_title="Dashboard DIP - PPID Kalimantan Barat",
        page_icon=":material/library_books:",
        layout="wide",
    )
    was_legacy = begin_routing()
    try:
        user = current_login()
    except ConfigurationError as exc:
        st.error(str(exc))
        st.stop()
    except DB_ERRORS:
        logging.getLogger("dip").exception("database unreachable")
        st.error(DB_DOWN)
        st.stop()
    st.session_state[USER_KEY] = user
    if user is None:
        # An ended session or a deactivated account falls back to the login form.
        run_page(navigate(login_menu(), was_legacy))
        return
    menu = password_change_menu() if user.must_change_password else staff_menu(user.role)
    with st.sidebar:
        st.markdown(f"**{plain(user.full_name)}**  \n{role_label(user.role, user.skpd_id)}")
        logout_button()
        collect_cookie_after_login()
    run_page(navigate(menu, was_legacy))


if __name__ == "__main__":
    # Streamlit runs this file as __main__ on every script run.
    main()
else:
    # `streamlit run app.py` imports the file once to find this server: Streamlit's own
    # routes plus the two that set and clear the HttpOnly login cookie.
    app = st.App(__file__, routes=session_cookie_routes())
