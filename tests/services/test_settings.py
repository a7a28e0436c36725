"""Settings: the environment beats .streamlit/secrets.toml; a production cookie key must be real."""

import stat
from pathlib import Path

import pytest

from dip import settings
from dip.settings import ConfigurationError, Settings, get_settings

ENV_NAMES = ("DATABASE_URL", "DIP_COOKIE_KEY", "DIP_DEMO", "DIP_SIGNER_NAME", "DIP_SIGNER_NIP")
REAL_KEY = "kunci-nyata-7Hq2mXb9Lw4Rz8Tn3Vc6Yp1Jd5Gf0KsAe"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(settings, "SECRETS_FILE", tmp_path / "secrets.toml")
    monkeypatch.setattr(settings, "DEMO_KEY_FILE", tmp_path / "var" / "demo-key")


def write_secrets(text: str) -> None:
    settings.SECRETS_FILE.write_text(text, encoding="utf-8")


def test_defaults_without_environment_or_secrets_file() -> None:
    s = Settings()
    assert s.database_url is None  # the SQLite file var/dip.db
    assert s.cookie_key is None
    assert s.demo is False
    assert (s.signer_name, s.signer_nip) == (None, None)


def test_secrets_file_is_read_under_its_own_key_names() -> None:
    write_secrets(
        'database_url = "postgresql+psycopg://dip@db/dip"\n'
        f'cookie_key = "{REAL_KEY}"\n'
        'penandatangan_nama = "Dra. Siti Rahmah"\n'
        'penandatangan_nip = "197001011990032001"\n'
    )
    s = Settings()
    assert s.database_url == "postgresql+psycopg://dip@db/dip"
    assert s.signing_key() == REAL_KEY
    assert (s.signer_name, s.signer_nip) == ("Dra. Siti Rahmah", "197001011990032001")


def test_environment_beats_secrets_file(monkeypatch: pytest.MonkeyPatch) -> None:
    write_secrets(
        'database_url = "sqlite:///rahasia.db"\n'
        'cookie_key = "berkas-7Hq2mXb9Lw4Rz8Tn3Vc6Yp1Jd5Gf0KsAe"\n'
        'penandatangan_nama = "Nama di secrets"\n'
    )
    monkeypatch.setenv("DATABASE_URL", "sqlite:///lingkungan.db")
    monkeypatch.setenv("DIP_COOKIE_KEY", "lingkungan-7Hq2mXb9Lw4Rz8Tn3Vc6Yp1Jd5Gf0KsAe")
    monkeypatch.setenv("DIP_SIGNER_NAME", "Nama di lingkungan")
    s = Settings()
    assert s.database_url == "sqlite:///lingkungan.db"
    assert s.signing_key() == "lingkungan-7Hq2mXb9Lw4Rz8Tn3Vc6Yp1Jd5Gf0KsAe"
    assert s.signer_name == "Nama di lingkungan"


def test_blank_values_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    # The example secrets file ships database_url = ""; an empty variable falls through.
    write_secrets(f'database_url = ""\ncookie_key = "{REAL_KEY}"\n')
    monkeypatch.setenv("DIP_COOKIE_KEY", "")
    monkeypatch.setenv("DIP_SIGNER_NAME", "   ")
    s = Settings()
    assert s.database_url is None
    assert s.signing_key() == REAL_KEY
    assert s.signer_name is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("ya", True), ("YES", True), (" true ", True), ("0", False), ("tidak", False)],
)
def test_demo_mode_only_on_an_explicit_yes(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("DIP_DEMO", value)
    assert Settings().demo is expected


def test_demo_mode_is_never_switched_on_by_the_secrets_file() -> None:
    write_secrets('DIP_DEMO = "1"\ndemo = true\n')
    assert Settings().demo is False


def test_settings_are_read_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///pertama.db")
    first = get_settings()
    monkeypatch.setenv("DATABASE_URL", "sqlite:///kedua.db")
    assert get_settings() is first
    assert get_settings().database_url == "sqlite:///pertama.db"


def test_cookie_key_is_not_shown_when_settings_are_printed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DIP_COOKIE_KEY", REAL_KEY)
    assert REAL_KEY not in repr(Settings())


def test_a_malformed_secrets_file_value_is_refused_in_indonesian() -> None:
    write_secrets("cookie_key = 12345\n")
    with pytest.raises(ConfigurationError, match="Pengaturan tidak valid: DIP_COOKIE_KEY"):
        get_settings()


@pytest.mark.parametrize("key", ["", "some_key", "GANTI-DENGAN-KUNCI-ACAK", "pendek", "x" * 31])
def test_production_refuses_a_missing_default_or_short_key(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv("DIP_COOKIE_KEY", key)
    with pytest.raises(ConfigurationError, match="belum diisi"):
        Settings().signing_key()


def test_production_refuses_the_example_key_from_the_secrets_file() -> None:
    write_secrets('cookie_key = "GANTI-DENGAN-KUNCI-ACAK"\n')
    with pytest.raises(ConfigurationError, match="belum diisi"):
        Settings().signing_key()


def test_production_accepts_a_real_key_of_32_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    key = "Zr8q-LmN2vXw9TbK4yHc7PdJ6sFg3aE1"
    monkeypatch.setenv("DIP_COOKIE_KEY", key)
    assert Settings().signing_key() == key


@pytest.mark.parametrize("key", ["r" * 36, "ab" * 20, "0123456789" * 4])
def test_production_refuses_a_long_key_of_few_different_characters(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv("DIP_COOKIE_KEY", key)
    with pytest.raises(ConfigurationError, match="terlalu seragam"):
        Settings().signing_key()


def test_demo_mode_makes_and_keeps_a_random_key_readable_by_the_owner_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DIP_DEMO", "1")
    first = Settings().signing_key()
    assert len(first) >= 32 and first not in settings.KNOWN_DEFAULT_KEYS
    assert stat.S_IMODE(settings.DEMO_KEY_FILE.stat().st_mode) == 0o600
    monkeypatch.setenv("DIP_COOKIE_KEY", "some_key")
    assert Settings().signing_key() == first


def test_demo_mode_tightens_a_key_file_left_readable_by_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DIP_DEMO", "1")
    settings.DEMO_KEY_FILE.parent.mkdir(parents=True)
    settings.DEMO_KEY_FILE.write_text("lama-" + "a" * 40)
    settings.DEMO_KEY_FILE.chmod(0o644)
    assert Settings().signing_key() == "lama-" + "a" * 40
    assert stat.S_IMODE(settings.DEMO_KEY_FILE.stat().st_mode) == 0o600


def test_a_real_key_wins_over_demo_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIP_DEMO", "1")
    monkeypatch.setenv("DIP_COOKIE_KEY", REAL_KEY)
    assert Settings().signing_key() == REAL_KEY
    assert not settings.DEMO_KEY_FILE.exists()
