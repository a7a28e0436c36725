"""Router and frame: configure, authenticate, build the role's page list, run it."""

import logging
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from dip.access import OWN_ACCOUNT_PAGE, PAGES, home_page, may_open, menu_for, role_label
from dip.settings import ConfigurationError
from models.enums import Role
from ui.auth import collect_cookie_after_login, current_login, login_form, logout_button
from ui.chart_preload import preload_chart_code
from ui.mail_sender import start_mail_sender
from ui.phone_menu import close_menu_on_phone
from ui.routing import begin_routing, navigate, requested_address
from ui.runtime import USER_KEY, freeze_startup_objects
from ui.services import DB_DOWN, DB_ERRORS, run_page
from ui.session_cookie import session_cookie_routes
from ui.text import plain
from ui.worklist_view import page_badges, with_count

logging.basicConfig(level=logging.INFO)


# Pages, menus and home pages come from the access policy (dip/access.py); the services and
# each page check again, so the menu only hides.
PROTECTED_PATHS = tuple(PAGES)
PUBLIC_PAGE = "pages/publik.py"
LOGIN_PATH = "masuk"
UNKNOWN_ADDRESS_KEY = "_unknown_address"
FAVICON = str(Path(__file__).parent / "ui" / "assets" / "favicon.png")


@dataclass
class Menu:
    """What st.navigation gets: the visible sections (drawn by draw_menu) and hidden pages.

    Every page keeps its own address; the page served at "/" is a hidden extra copy of the
    home page, because st.navigation gives its default page no named address (so /entri,
    /persetujuan, /progres and /masuk would answer Streamlit's English "Page not found").
    """

    sections: dict[str, list[st.Page]] = field(default_factory=dict)
    hidden: list[st.Page] = field(default_factory=list)

    def all_pages(self) -> list[st.Page]:
        return [p for pages in self.sections.values() for p in pages] + self.hidden

    def add_hidden(self, page: st.Page) -> None:
        self.hidden.append(page)



def staff_menu(role: Role, badges: dict[str, int] | None = None) -> Menu:
    """`badges`: page address -> open work shown in its title, e.g. "Persetujuan (3)"."""

    def page(path: str) -> st.Page:
        info = PAGES[path]
        title = with_count(info.title, (badges or {}).get(path, 0))
        return st.Page(f"pages/{path}.py", title=title, icon=info.icon, url_path=path)

    menu = Menu({section: [page(p) for p in paths] for section, paths in menu_for(role).items()})
    home = home_page(role)
    if home is None:
        # A role the policy gives no page at all lands on the public DIP.
        menu.sections.setdefault("Laporan", []).append(public_page())
        menu.add_hidden(public_page(url_path="", default=True))
    else:
        menu.sections.setdefault("Laporan", [])
        menu.add_hidden(public_page(visibility="hidden"))
        info = PAGES[home]
        menu.add_hidden(
            st.Page(f"pages/{home}.py", title=info.title, icon=info.icon, url_path="", default=True)
        )
    # The login address of a logged-in user opens the home page instead of "Page not found".
    menu.add_hidden(go_home_page(role))
    menu.hidden.extend(not_for_this_role(role))
    return menu


def public_page(url_path: str = "publik", **options: object) -> st.Page:
    return st.Page(
        PUBLIC_PAGE,
        title="DIP Publik",
        icon=":material/public:",
        url_path=url_path,
        **options,  # type: ignore[arg-type]
    )


def go_home_page(role: Role) -> st.Page:
    def go_home() -> None:
        home = home_page(role)
        st.switch_page(f"pages/{home}.py" if home else PUBLIC_PAGE)

    return st.Page(go_home, title="Masuk", url_path=LOGIN_PATH, visibility="hidden")


def login_menu() -> Menu:
    """A visitor gets the login form and the public DIP. The login form also answers under
    every protected address, so a deep link shows the form (not an error) and opens its page
    once the user has logged in."""

    def show_login() -> None:
        login_form(home_page)

    def login_page(url_path: str, **options: object) -> st.Page:
        return st.Page(
            show_login,
            title="Masuk",
            icon=":material/login:",
            url_path=url_path,
            **options,  # type: ignore[arg-type]
        )

    menu = Menu({"": [login_page(LOGIN_PATH), public_page()]})
    menu.add_hidden(login_page("", default=True, visibility="hidden"))
    for path in PROTECTED_PATHS:
        menu.add_hidden(login_page(path, visibility="hidden"))
    return menu


def password_change_menu() -> Menu:
    """After an administrator's reset the account may open only its own account page."""
    info = PAGES[OWN_ACCOUNT_PAGE]

    def own_page(url_path: str, **options: object) -> st.Page:
        return st.Page(
            f"pages/{OWN_ACCOUNT_PAGE}.py",
            title=info.title,
            icon=info.icon,
            url_path=url_path,
            **options,  # type: ignore[arg-type]
        )

    menu = Menu({"Akun": [own_page(OWN_ACCOUNT_PAGE)]})
    menu.add_hidden(own_page("", default=True, visibility="hidden"))

    def explain() -> None:
        st.title("Ganti kata sandi dahulu")
        st.warning("Ganti kata sandi Anda di halaman Akun Saya sebelum membuka halaman lain.")

    for path in (*PROTECTED_PATHS, LOGIN_PATH):
        if path != OWN_ACCOUNT_PAGE:
            title = "Ganti kata sandi dahulu"
            menu.add_hidden(st.Page(explain, title=title, url_path=path, visibility="hidden"))
    return menu


def explain_unavailable(message: str) -> None:
    st.title("Halaman tidak tersedia")
    st.warning(message, icon=":material/lock:")


def not_for_this_role(role: Role) -> list[st.Page]:
    """Hidden stand-ins for the addresses this role may not open: an Indonesian explanation
    instead of Streamlit's English "Page not found", and no page code runs."""

    def explain() -> None:
        explain_unavailable(
            f"Halaman ini tidak tersedia untuk peran {role.label}. Pilih halaman lain di menu, "
            "atau hubungi administrator bila Anda memerlukan akses."
        )

    return [
        st.Page(explain, title="Halaman tidak tersedia", url_path=path, visibility="hidden")
        for path in PROTECTED_PATHS
        if not may_open(role, path)
    ]


def add_unknown_address(menu: Menu) -> None:
    """A misspelt address gets an Indonesian page under its own name instead of Streamlit's
    English "Page not found" dialog."""
    # The login check may rerun the page at once; the address is asked only in the first run.
    wanted = requested_address() or st.session_state.get(UNKNOWN_ADDRESS_KEY)
    if not wanted or any(p.url_path == wanted for p in menu.all_pages()):
        return
    st.session_state[UNKNOWN_ADDRESS_KEY] = wanted

    def explain() -> None:
        explain_unavailable(
            "Alamat yang Anda buka tidak dikenal. Periksa ejaannya, atau pilih halaman di menu."
        )

    menu.add_hidden(
        st.Page(explain, title="Halaman tidak tersedia", url_path=wanted, visibility="hidden")
    )


def draw_menu(menu: Menu) -> None:
    """The sidebar menu. config.toml hides Streamlit's own (client.showSidebarNavigation =
    false), which would otherwise list the pages/ files on a server's first visit."""
    with st.sidebar:
        for section, pages in menu.sections.items():
            if section:
                st.caption(section)
            for page in pages:
                st.page_link(page, label=page.title, icon=page.icon or None)


def main() -> None:
    st.set_page_config(
        page_title="Dashboard DIP - PPID Kalimantan Barat",
        page_icon=FAVICON,  # served by this server: an offline intranet still shows it
        layout="wide",
        initial_sidebar_state="auto",  # a phone starts with the menu closed
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
        menu = login_menu()
        add_unknown_address(menu)
        page = navigate(menu.all_pages(), was_legacy)
        draw_menu(menu)
        close_menu_on_phone(page.url_path)
        run_page(page)
        return
    start_mail_sender()
    menu = (
        password_change_menu()
        if user.must_change_password
        else staff_menu(user.role, page_badges(user))
    )
    add_unknown_address(menu)
    page = navigate(menu.all_pages(), was_legacy)
    draw_menu(menu)
    close_menu_on_phone(page.url_path)
    with st.sidebar:
        st.markdown(f"**{plain(user.full_name)}**  \n{role_label(user.role, user.skpd_id)}")
        logout_button()
        collect_cookie_after_login()
    if may_open(user.role, "progres") and home_page(user.role) != "progres":
        preload_chart_code()  # whose home is Progres has the chart code from the first page
    run_page(page)


if __name__ == "__main__":
    # Streamlit runs this file as __main__ on every script run.
    main()
else:
    # `streamlit run app.py` imports the file once to find this server: Streamlit's own
    # routes plus the two that set and clear the HttpOnly login cookie.
    app = st.App(__file__, routes=session_cookie_routes())
    freeze_startup_objects()
