"""User text put into Markdown (tables, messages) shows as typed and never becomes a link."""

import re

import pytest

from ui.text import location_link, plain, plain_message

# What the Markdown parser leaves of the text once it has resolved backslash escapes.
_ESCAPE = re.compile(r"\\(.)")
# Every GFM autolink literal needs one of these uninterrupted (Streamlit links them even when
# the dots and colons were escaped, because it matches the unescaped text).
_AUTOLINK_START = re.compile(r"https?://|www\.|@[0-9A-Za-z]", re.IGNORECASE)

HOSTILE = [
    "Unduh di https://ppid.kalbarprov.go.id/dip sekarang",
    "Lihat WWW.contoh.go.id atau http://10.0.0.1/berkas",
    "Tanya ke ppid@kalbarprov.go.id",
    "(https://tersembunyi.example)",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_bare_addresses_do_not_become_links(text: str) -> None:
    one_line = " ".join(text.split())
    for rendered, typed in (
        (plain(text), text),
        (plain(text, keep_lines=False), one_line),
        (plain_message(text), text),
    ):
        visible = _ESCAPE.sub(r"\1", rendered)
        assert _AUTOLINK_START.search(visible) is None, rendered
        # Only invisible word joiners were added: the reader sees exactly what was typed.
        assert visible.replace("\u2060", "") == typed


def test_only_an_http_softcopy_location_becomes_a_link() -> None:
    address = "https://ppid.kalbarprov.go.id/dip/a_(1)"
    assert location_link(address) == r"[https\://ppid\.kalbarprov\.go\.id/dip/a\_\(1\)]" + (
        f"(<{address}>)"
    )
    for not_web in ("javascript:alert(1)", "data:text/html,x", "\\\\server\\dip", "ftp://x.id"):
        rendered = location_link(not_web)
        assert "](" not in rendered and "<" not in rendered
        assert _ESCAPE.sub(r"\1", rendered) == not_web
    # An address with a space or angle bracket would break out of the link target: plain text.
    assert "](" not in location_link("https://x.id/a b")
    assert "](" not in location_link("https://x.id/<script>")
