"""Every setting of the app, typed and read once: the environment first, then
.streamlit/secrets.toml (under its own, older key names)."""

import os
import secrets
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent
SECRETS_FILE = PROJECT_DIR / ".streamlit" / "secrets.toml"
DEMO_KEY_FILE = PROJECT_DIR / "var" / "demo-cookie-key"
# Environment name -> key in secrets.toml. DIP_DEMO is deliberately environment-only.
SECRET_NAMES = {
    "DATABASE_URL": "database_url",
    "DIP_COOKIE_KEY": "cookie_key",
    "DIP_SIGNER_NAME": "penandatangan_nama",
    "DIP_SIGNER_NIP": "penandatangan_nip",
    "DIP_BASE_URL": "alamat_aplikasi",
    "DIP_SMTP_HOST": "smtp_host",
    "DIP_SMTP_PORT": "smtp_port",
    "DIP_SMTP_TLS": "smtp_tls",
    "DIP_SMTP_USER": "smtp_user",
    "DIP_SMTP_PASSWORD": "smtp_password",
    "DIP_SMTP_SENDER": "smtp_pengirim",
    "DIP_MAILER_THREAD": "pengirim_email_di_aplikasi",
    "DIP_DIGEST_WAIT_DAYS": "ringkasan_batas_hari",
}
SMTP_TLS_MODES = ("starttls", "ssl", "none")
DEMO_WORDS = frozenset({"1", "true", "ya", "yes"})
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
# A long key of few different characters ("aaaa...", "abab...") is as weak as a short one;
# secrets.token_urlsafe(48) gives about 40 different ones.
MIN_KEY_DISTINCT = 12


class ConfigurationError(RuntimeError):
    pass


class SecretsFileSource(PydanticBaseSettingsSource):
    """.streamlit/secrets.toml, its keys renamed to the environment names the fields use."""

    def __call__(self) -> dict[str, Any]:
        path = SECRETS_FILE  # read at call time, so tests can point it elsewhere
        if not path.is_file():
            return {}
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        return {env: data[key] for env, key in SECRET_NAMES.items() if key in data}

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        # Unused: __call__ returns every value at once.
        return None, field_name, False


class Settings(BaseSettings):
    """The app's configuration; see the README's configuration table."""

    model_config = SettingsConfigDict(
        case_sensitive=True, env_ignore_empty=True, extra="ignore", frozen=True
    )

    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    cookie_key: SecretStr | None = Field(default=None, validation_alias="DIP_COOKIE_KEY")
    demo: bool = Field(default=False, validation_alias="DIP_DEMO")
    signer_name: str | None = Field(default=None, validation_alias="DIP_SIGNER_NAME")
    signer_nip: str | None = Field(default=None, validation_alias="DIP_SIGNER_NIP")
    # Behind a reverse proxy: the header it overwrites with the client's address.
    client_ip_header: str | None = Field(default=None, validation_alias="DIP_CLIENT_IP_HEADER")
    # E-mail (issue 11). Without a host and a sender nothing is queued and nothing is sent.
    base_url: str = Field(default="http://localhost:8501", validation_alias="DIP_BASE_URL")
    smtp_host: str | None = Field(default=None, validation_alias="DIP_SMTP_HOST")
    smtp_port: int = Field(default=587, ge=1, le=65535, validation_alias="DIP_SMTP_PORT")
    # starttls (port 587), ssl (implicit TLS, port 465) or none (a relay on a private network).
    smtp_tls: str = Field(default="starttls", validation_alias="DIP_SMTP_TLS")
    smtp_user: str | None = Field(default=None, validation_alias="DIP_SMTP_USER")
    smtp_password: SecretStr | None = Field(default=None, validation_alias="DIP_SMTP_PASSWORD")
    smtp_sender: str | None = Field(default=None, validation_alias="DIP_SMTP_SENDER")
    # Send from a thread inside each app process; off when a cron/systemd `python -m dip.mailer`
    # does it (both may run: each message is claimed by one sender).
    mailer_thread: bool = Field(default=False, validation_alias="DIP_MAILER_THREAD")
    # A head's weekly digest lists the entries that have waited longer than this many days.
    digest_wait_days: int = Field(default=7, ge=1, le=365, validation_alias="DIP_DIGEST_WAIT_DAYS")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, SecretsFileSource(settings_cls)

    @field_validator(
        "database_url",
        "cookie_key",
        "signer_name",
        "signer_nip",
        "client_ip_header",
        "smtp_host",
        "smtp_user",
        "smtp_password",
        "smtp_sender",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # The example secrets file ships `database_url = ""`: empty means "not configured".
        if isinstance(value, str):
            return value.strip() or None
        return value

    @field_validator("demo", "mailer_thread", mode="before")
    @classmethod
    def _demo_words(cls, value: object) -> bool:
        # Anything but an explicit yes keeps production behaviour, never a startup error.
        return str(value).strip().lower() in DEMO_WORDS

    @field_validator("smtp_tls", mode="before")
    @classmethod
    def _tls_mode(cls, value: object) -> str:
        mode = str(value).strip().lower() or "starttls"
        if mode not in SMTP_TLS_MODES:
            raise ValueError(f"smtp_tls must be one of {SMTP_TLS_MODES}")
        return mode

    @field_validator("base_url", mode="before")
    @classmethod
    def _no_trailing_slash(cls, value: object) -> str:
        return str(value).strip().rstrip("/") or "http://localhost:8501"

    @property
    def mail_enabled(self) -> bool:
        """E-mail is on once a server and a sender address are set; otherwise silently off."""
        return bool(self.smtp_host and self.smtp_sender)

    def signing_key(self) -> str:
        """The key that signs login cookies; refuses to run production on a missing or known key."""
        key = self.cookie_key.get_secret_value() if self.cookie_key else ""
        varied = len(set(key)) >= MIN_KEY_DISTINCT
        if key not in KNOWN_DEFAULT_KEYS and len(key) >= MIN_KEY_LENGTH and varied:
            return key
        if self.demo:
            return demo_key()
        raise ConfigurationError(
            "Kunci tanda tangan cookie (DIP_COOKIE_KEY atau cookie_key di .streamlit/secrets.toml) "
            f"belum diisi, terlalu pendek (kurang dari {MIN_KEY_LENGTH} karakter), terlalu "
            f"seragam (kurang dari {MIN_KEY_DISTINCT} karakter berbeda), atau masih kunci contoh. "
            "Aplikasi tidak dijalankan tanpa kunci rahasia."
        )


def demo_key(path: Path | None = None) -> str:
    """Demo mode keeps a random key on disk, so a restart does not log everyone out."""
    path = path or DEMO_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        # Created readable by the owner only; O_EXCL lets two starting processes agree on one key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        path.chmod(0o600)  # a key file written by an older version was world-readable
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


@cache
def get_settings() -> Settings:
    """The settings of this process, read on first use; tests call get_settings.cache_clear()."""
    try:
        return Settings()
    except ValidationError as exc:
        names = ", ".join(str(error["loc"][0]) for error in exc.errors())
        raise ConfigurationError(
            f"Pengaturan tidak valid: {names}. Periksa variabel lingkungan dan "
            ".streamlit/secrets.toml."
        ) from exc
