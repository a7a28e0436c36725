"""The HTTP routes that set and clear the login cookie in a real HTTP response.

A script in the page cannot set an HttpOnly cookie, and a cookie written by a browser
component is lost when Streamlit reruns first. So after "Masuk" the browser is sent to
LOGIN_ROUTE with a one-time token; the answer sets the cookie and redirects back. app.py
hands these routes to st.App, which `streamlit run app.py` serves next to Streamlit's own.
"""

import re

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Route

from dip.db import session_scope
from dip.sessions import SESSION_HOURS, collect_cookie_token, sign_cookie
from dip.settings import get_settings
from ui.database import get_engine

COOKIE_NAME = "dip_sesi"
LOGIN_ROUTE = "/_dip/masuk"
LOGOUT_ROUTE = "/_dip/keluar"
# Only our own page addresses, optionally naming one entry (an e-mail's link): never a
# redirect to another site.
_SAFE_PATH = re.compile(r"^/[A-Za-z0-9_\-/]*(\?entri=[1-9][0-9]{0,8})?$")


def signing_key() -> str:
    """The cookie signing key; refuses (ConfigurationError) a missing or published key."""
    return get_settings().signing_key()


def safe_return_path(target: str | None) -> str:
    target = target or "/"
    return target if _SAFE_PATH.match(target) and not target.startswith("//") else "/"


def _redirect(target: str) -> RedirectResponse:
    response = RedirectResponse(target, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    # The one-time token is in this address; keep it out of any Referer.
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _from_our_pages(request: Request) -> bool:
    """A link from another site (or typed in) must not log this browser into someone's
    account; browsers without Fetch Metadata fall back to SameSite and the token's secrecy."""
    return request.headers.get("sec-fetch-site", "same-origin") == "same-origin"


def _is_https(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def collect_cookie(request: Request) -> RedirectResponse:
    """Trade the one-time token for the HttpOnly session cookie, then go back to the app."""
    response = _redirect(safe_return_path(request.query_params.get("ke")))
    if not _from_our_pages(request):
        return response
    with session_scope(get_engine()) as session:
        cookie_id = collect_cookie_token(session, request.query_params.get("token", ""))
    if cookie_id:
        response.set_cookie(
            COOKIE_NAME,
            sign_cookie(cookie_id, signing_key()),
            max_age=SESSION_HOURS * 3600,
            path="/",
            secure=_is_https(request),
            httponly=True,
            samesite="lax",
        )
    return response


def clear_cookie(request: Request) -> RedirectResponse:
    """After "Keluar" (the session already ended in the database) drop the dead cookie."""
    response = _redirect("/?keluar=1")
    response.delete_cookie(
        COOKIE_NAME, path="/", secure=_is_https(request), httponly=True, samesite="lax"
    )
    return response


def session_cookie_routes() -> list[BaseRoute]:
    # Plain functions: Starlette runs them in its thread pool, off the event loop.
    return [
        Route(LOGIN_ROUTE, collect_cookie, methods=["GET"]),
        Route(LOGOUT_ROUTE, clear_cookie, methods=["GET"]),
    ]
