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
from models.tables import (
    AdminAudit,
    DataStamp,
    DipEntry,
    EntryEvent,
    EntryProposal,
    Skpd,
    UserAccount,
)

__all__ = [
    "AdminAudit",
    "CATEGORY_LABELS",
    "STATUS_LABELS",
    "SUBTYPES",
    "Category",
    "DataStamp",
    "DipEntry",
    "EntryEvent",
    "EntryProposal",
    "EntryStatus",
    "EventAction",
    "Role",
    "Skpd",
    "UserAccount",
]
