"""Tables and enums of the DIP; nothing here imports Streamlit."""

from models.enums import (
    CATEGORY_LABELS,
    STATUS_LABELS,
    SUBTYPES,
    Category,
    EntryStatus,
    EventAction,
    Role,
)
from models.tables import AdminAudit, DataStamp, DipEntry, EntryEvent, Skpd, UserAccount

__all__ = [
    "AdminAudit",
    "CATEGORY_LABELS",
    "STATUS_LABELS",
    "SUBTYPES",
    "Category",
    "DataStamp",
    "DipEntry",
    "EntryEvent",
    "EntryStatus",
    "EventAction",
    "Role",
    "Skpd",
    "UserAccount",
]
