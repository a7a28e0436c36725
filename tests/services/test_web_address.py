"""Only an http(s) address with a host becomes a link on the public page, encoded so that a
Markdown table cell cannot be broken out of."""

import pytest

from dip.publication import web_address


@pytest.mark.parametrize(
    ("location", "link"),
    [
        (
            "https://ppid.kalbarprov.go.id/dip/lkjip.pdf",
            "https://ppid.kalbarprov.go.id/dip/lkjip.pdf",
        ),
        ("  HTTP://ppid.go.id/a b.pdf ", "HTTP://ppid.go.id/a%20b.pdf"),
        (
            "https://x.go.id/a)](javascript:alert(1))",
            "https://x.go.id/a%29%5D%28javascript:alert%281%29%29",
        ),
        ("javascript:alert(1)", None),
        ("\\\\server-ppid\\arsip\\dip.pdf", None),
        ("D:/arsip/dip.pdf", None),
        ("Lemari arsip PPID, rak 3", None),
        ("https://", None),
        ("ftp://ppid.go.id/dip.pdf", None),
        ("", None),
        (None, None),
    ],
)
def test_only_web_addresses_become_links(location: str | None, link: str | None) -> None:
    assert web_address(location) == link
