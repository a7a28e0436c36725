"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, for the tests."""

import socket
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session


@dataclass(frozen=True)
class Received:
    to: list[str]
    subject: str
    body: str
    message: EmailMessage


class Mailbox:
    """The server's handler: every message delivered, in order of arrival."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._received: list[Received] = []

    async def handle_DATA(self, server: object, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        assert isinstance(raw, bytes)
        parsed = message_from_bytes(raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        body = parsed.get_content() if not parsed.is_multipart() else ""
        with self._lock:
            self._received.append(
                Received(list(envelope.rcpt_tos), str(parsed["Subject"]), body, parsed)
            )
        return "250 OK"

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpServer:
    """Start and stop the server; `port` stays the same across a restart."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.mailbox = Mailbox()
        self._controller: Controller | None = None

    def start(self) -> "SmtpServer":
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def env(self, base_url: str = "https://dip.contoh.go.id") -> dict[str, str]:
        """The settings that point the app at this server (no TLS, no login)."""
        return {
            "DIP_SMTP_HOST": "127.0.0.1",
            "DIP_SMTP_PORT": str(self.port),
            "DIP_SMTP_TLS": "none",
            "DIP_SMTP_SENDER": "ppid@contoh.go.id",
            "DIP_BASE_URL": base_url,
        }
