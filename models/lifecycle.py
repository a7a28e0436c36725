"""The SOP as data: every allowed transition of a DIP entry, and what derives from it.

A row says: in status `source`, a holder of one of `roles` may do `action`, which moves the
entry to `target` and is recorded as an event with that action. Anything not in the table is
refused. What is editable, which role may do what, the progress groups and the head's queue
are all read from here, keyed by the enums (never by an Indonesian label).

Adding a status: one EntryStatus member and its label, its rows below, and a colour.
"""

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from models.enums import EntryStatus, EventAction, Role


@dataclass(frozen=True)
class Transition:
    source: EntryStatus | None  # None: the entry does not exist yet
    action: EventAction  # also the action of the event recorded
    target: EntryStatus
    roles: frozenset[Role]


def _row(
    source: EntryStatus | None, action: EventAction, target: EntryStatus, *roles: Role
) -> Transition:
    return Transition(source, action, target, frozenset(roles))


_S, _A = EntryStatus, EventAction
_OFFICER, _HEAD = Role.OFFICER, Role.HEAD

TRANSITIONS: tuple[Transition, ...] = (
    # Step 1: the officer collects (on the form or from a spreadsheet), edits and submits.
    _row(None, _A.CREATE, _S.DRAFT, _OFFICER),
    _row(None, _A.IMPORT, _S.DRAFT, _OFFICER),
    _row(_S.DRAFT, _A.EDIT, _S.DRAFT, _OFFICER),
    _row(_S.RETURNED, _A.EDIT, _S.RETURNED, _OFFICER),
    _row(_S.DRAFT, _A.SUBMIT, _S.SUBMITTED, _OFFICER),
    _row(_S.RETURNED, _A.SUBMIT, _S.SUBMITTED, _OFFICER),
    # Step 2: the head ratifies, or ("tidak") returns it to step 1 with a reason.
    _row(_S.SUBMITTED, _A.RATIFY, _S.APPROVED, _HEAD),
    _row(_S.SUBMITTED, _A.RETURN, _S.RETURNED, _HEAD),
    # Step 3: the officer records where the softcopy and hardcopy are kept.
    _row(_S.APPROVED, _A.DOCUMENT, _S.DOCUMENTED, _OFFICER),
)

# The progress chart's colour of each status.
STATUS_COLOURS: dict[EntryStatus, str] = {
    EntryStatus.DRAFT: "#b0b7c3",
    EntryStatus.SUBMITTED: "#f2b134",
    EntryStatus.RETURNED: "#d9534f",
    EntryStatus.APPROVED: "#5b9bd5",
    EntryStatus.DOCUMENTED: "#2e8b57",
}

_BY_KEY: dict[tuple[EntryStatus | None, EventAction], Transition] = {
    (t.source, t.action): t for t in TRANSITIONS
}


def _in_enum_order(statuses: Iterable[EntryStatus | None]) -> tuple[EntryStatus, ...]:
    wanted = set(statuses)
    return tuple(s for s in EntryStatus if s in wanted)


def find_transition(source: EntryStatus | None, action: EventAction) -> Transition | None:
    """The row for `action` on an entry in `source`, whoever asks; None if the SOP has none."""
    return _BY_KEY.get((source, action))


def allowed(source: EntryStatus | None, action: EventAction, role: Role) -> bool:
    """May a holder of `role` do `action` on an entry in status `source`?"""
    step = find_transition(source, action)
    return step is not None and role in step.roles


def roles_for(action: EventAction) -> tuple[Role, ...]:
    """Every role the SOP lets do `action` in some status, in the enum's order."""
    holders = {r for t in TRANSITIONS if t.action is action for r in t.roles}
    return tuple(r for r in Role if r in holders)


def actions_of(role: Role) -> tuple[EventAction, ...]:
    """Every action the SOP gives `role`, in the enum's order."""
    mine = {t.action for t in TRANSITIONS if role in t.roles}
    return tuple(a for a in EventAction if a in mine)


def sources_of(action: EventAction) -> tuple[EntryStatus, ...]:
    """The statuses in which `action` is possible."""
    return _in_enum_order(t.source for t in TRANSITIONS if t.action is action)


def targets_of(action: EventAction) -> tuple[EntryStatus, ...]:
    """The statuses `action` leads to."""
    return _in_enum_order(t.target for t in TRANSITIONS if t.action is action)


def waiting_for(role: Role) -> tuple[EntryStatus, ...]:
    """Statuses in which `role` can move the entry on (an edit moves nothing): its queue."""
    return _in_enum_order(
        t.source
        for t in TRANSITIONS
        if role in t.roles and t.source is not None and t.target is not t.source
    )


def reachable_from(starts: Iterable[EntryStatus]) -> tuple[EntryStatus, ...]:
    """`starts` and every status an entry can reach from them."""
    seen = set(starts)
    todo = deque(seen)
    while todo:
        current = todo.popleft()
        for t in TRANSITIONS:
            if t.source is current and t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    return _in_enum_order(seen)


def path_to(status: EntryStatus) -> tuple[Transition, ...]:
    """The shortest way from a new entry (created on the form) to `status`."""
    start = find_transition(None, EventAction.CREATE)
    assert start is not None, "the table must let an entry be created"
    paths: dict[EntryStatus, tuple[Transition, ...]] = {start.target: (start,)}
    todo = deque([start.target])
    while todo:
        current = todo.popleft()
        for t in TRANSITIONS:
            if t.source is current and t.target not in paths:
                paths[t.target] = (*paths[current], t)
                todo.append(t.target)
    if status not in paths:
        raise ValueError(f"no path to {status!r} in the transition table")
    return paths[status]


def _either(statuses: Iterable[EntryStatus]) -> str:
    return " atau ".join(s.label for s in statuses)


def refusal(source: EntryStatus | None, action: EventAction, role: Role | None = None) -> str:
    """Why `action` is refused on an entry in `source` (to `role`), in the words of the table."""
    done = action.label.lower()  # the labels are passive verbs: "diajukan", "disahkan"
    now = f"Entri berstatus {source.label}" if source is not None else "Entri baru"
    step = find_transition(source, action)
    if step is not None and role is not None and role not in step.roles:
        holders = " atau ".join(r.label for r in Role if r in step.roles)
        return f"{now} hanya dapat {done} oleh {holders}."
    possible = sources_of(action)
    if not possible:
        return f"{now} tidak dapat {done}."
    return f"{now} tidak dapat {done}; hanya entri berstatus {_either(possible)} yang dapat {done}."


# Derived once; each is a tuple of statuses in the enum's order.
INITIAL: EntryStatus = targets_of(EventAction.CREATE)[0]  # where the form's new entry starts
STARTING = _in_enum_order(t.target for t in TRANSITIONS if t.source is None)  # drafts
EDITABLE = sources_of(EventAction.EDIT)
WAITING_FOR_HEAD = waiting_for(Role.HEAD)
RETURNED = targets_of(EventAction.RETURN)
RATIFIED = reachable_from(targets_of(EventAction.RATIFY))  # ratified, whatever came after
DOCUMENTED = targets_of(EventAction.DOCUMENT)  # SOP step 3 done: the published DIP
DOCUMENTABLE = sources_of(EventAction.DOCUMENT)  # the officer's step-3 work list

__all__ = [
    "DOCUMENTABLE",
    "DOCUMENTED",
    "EDITABLE",
    "INITIAL",
    "RATIFIED",
    "RETURNED",
    "STARTING",
    "STATUS_COLOURS",
    "TRANSITIONS",
    "WAITING_FOR_HEAD",
    "Transition",
    "actions_of",
    "allowed",
    "find_transition",
    "path_to",
    "reachable_from",
    "refusal",
    "roles_for",
    "sources_of",
    "targets_of",
    "waiting_for",
]
