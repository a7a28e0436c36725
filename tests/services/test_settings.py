"""The cookie signing key: refused when missing or a published default, outside demo mode."""

import pytest

from dip import settings
from dip.settings import ConfigurationError, cookie_key


@pytest.fixture(autouse=True)
def _no_env_key(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("DIP_COOKIE_KEY", raising=False)
    monkeypatch.setattr(settings, "DEMO_KEY_FILE", tmp_path / "demo-key")


@pytest.mark.parametrize("key", [None, "", "some_key", "GANTI-DENGAN-KUNCI-ACAK", "pendek"])
def test_production_refuses_a_missing_default_or_short_key(key) -> None:
    with pytest.raises(ConfigurationError, match="belum diisi"):
        cookie_key(key, demo=False)


def test_production_accepts_a_real_key_from_secrets_or_environment(monkeypatch) -> None:
    real = "k" * 40
    assert cookie_key(real, demo=False) == real
    monkeypatch.setenv("DIP_COOKIE_KEY", "e" * 40)
    assert cookie_key(None, demo=False) == "e" * 40


def test_demo_mode_makes_and_keeps_a_random_key() -> None:
    first = cookie_key(None, demo=True)
    assert len(first) >= 32 and first not in settings.KNOWN_DEFAULT_KEYS
    assert cookie_key("some_key", demo=True) == first
