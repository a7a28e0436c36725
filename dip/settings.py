"""Runtime settings from the environment (or Streamlit secrets, passed in by app.py)."""

import os
import secrets
from pathlib import Path

from dip.db import PROJECT_DIR

# Keys that were ever published (library examples, our example file): never valid in production.
KNOWN_DEFAULT_KEYS = frozenset(
    {
        "",
        "some_key",
        "some_signature_key",
        "abcdef",
        "changeme",
        "secret",
        "GANTI-DENGAN-KUNCI-ACAK",
    }
)
MIN_KEY_LENGTH = 32
DEMO_KEY_FILE = PROJECT_DIR / "var" / "demo-cookie-key"


class ConfigurationError(RuntimeError):
    pass


def demo_mode() -> bool:
    return os.environ.get("DIP_DEMO", "").strip().lower() in {"1", "true", "ya", "yes"}


def _demo_key(path: Path = DEMO_KEY_FILE) -> str:
    """Demo mode keeps a random key on disk, so a restart does not log everyone out."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    return key


def cookie_key(configured: str | None, *, demo: bool) -> str:
    """The key that signs login cookies; refuses to run production on a missing or known key."""
    key = (configured or os.environ.get("DIP_COOKIE_KEY") or "").strip()
    if key not in KNOWN_DEFAULT_KEYS and len(key) >= MIN_KEY_LENGTH:
        return key
    if demo:
        return _demo_key()
    raise ConfigurationError(
        "Kunci tanda tangan cookie (DIP_COOKIE_KEY atau cookie_key di .streamlit/secrets.toml) "
        f"belum diisi, terlalu pendek (kurang dari {MIN_KEY_LENGTH} karakter), atau masih "
        "kunci contoh. Aplikasi tidak dijalankan tanpa kunci rahasia."
    )
