"""Domain errors. Each carries a message in Bahasa Indonesia that the UI shows as is."""


class DipError(Exception):
    """Base of every error a user may see; `message` is ready to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAuthenticated(DipError):
    def __init__(self) -> None:
        super().__init__("Anda belum masuk. Silakan masuk terlebih dahulu.")


class PermissionDenied(DipError):
    pass


class NotFound(DipError):
    pass


class InvalidTransition(DipError):
    """The entry is not in a state where this action is allowed."""


class StaleEntry(DipError):
    """Someone else changed the entry after this user loaded it."""


class ValidationFailed(DipError):
    """Input is invalid; `errors` maps a field name to its Indonesian message."""

    def __init__(self, errors: dict[str, str], message: str | None = None) -> None:
        super().__init__(message or "Periksa kembali isian yang ditandai.")
        self.errors = errors


class LoginRefused(DipError):
    pass


class DatabaseUnavailable(DipError):
    def __init__(self) -> None:
        super().__init__(
            "Basis data sedang tidak dapat dihubungi. Data Anda belum tersimpan; "
            "coba lagi beberapa saat lagi atau hubungi administrator."
        )


class StaleRecord(DipError):
    """Another administrator changed the account or SKPD after this page was loaded."""
