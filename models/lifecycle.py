"""The SOP as data: every allowed transition of a DIP entry, and what derives from it.

A row says: in status `source`, a holder of one of `roles` may do `action`, which moves the
entry to `target` and is recorded as an event with that action. Anything not in the table is
refused. What is editable, which role may do what, the progress groups and the head's queue
are all read from here, keyed by the enums (never by an Indonesian label).

Adding a status: one EntryStatus member and its label, its rows below, and a colour.
A row whose target is PREVIOUS sends the entry back to the status it had when the officer's
pending proposal (correction or retirement) was made; the proposal row keeps that status.
"""

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from models.enums import EntryStatus, EventAction, ProposalKind, Role

# A target meaning "back to the status the entry had before the pending proposal".
PREVIOUS = None


@dataclass(frozen=True)
class Transition:
    source: EntryStatus | None  # None: the entry does not exist yet
    action: EventAction  # also the action of the event recorded
    target: EntryStatus | None  # None (PREVIOUS): where the entry was before the proposal
    roles: frozenset[Role]

    def lands_on(self, previous: EntryStatus | None = None) -> EntryStatus:
        """The status the entry gets; `previous` is the one stored with the pending proposal."""
        landing = self.target if self.target is not None else previous
        if landing is None:
            raise ValueError(f"{self.action} goes back to a previous status that is not known")
        return landing


def _row(
    source: EntryStatus | None, action: EventAction, target: EntryStatus | None, *roles: Role
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
    # Before the head acts, the officer may pull a submitted entry back to draft.
    _row(_S.SUBMITTED, _A.WITHDRAW, _S.DRAFT, _OFFICER),
    # Step 3: the officer records where the softcopy and hardcopy are kept.
    _row(_S.APPROVED, _A.DOCUMENT, _S.DOCUMENTED, _OFFICER),
    # Corrections: the entry stays in the DIP with its values in force until the head decides.
    _row(_S.APPROVED, _A.PROPOSE_CORRECTION, _S.CORRECTION_PENDING, _OFFICER),
    _row(_S.DOCUMENTED, _A.PROPOSE_CORRECTION, _S.CORRECTION_PENDING, _OFFICER),
    _row(_S.CORRECTION_PENDING, _A.RATIFY_CORRECTION, PREVIOUS, _HEAD),
    _row(_S.CORRECTION_PENDING, _A.RETURN_CORRECTION, PREVIOUS, _HEAD),
    # Retirement (cabut): out of the DIP once the head ratifies it; the row stays forever.
    _row(_S.APPROVED, _A.PROPOSE_RETIREMENT, _S.RETIREMENT_PENDING, _OFFICER),
    _row(_S.DOCUMENTED, _A.PROPOSE_RETIREMENT, _S.RETIREMENT_PENDING, _OFFICER),
    _row(_S.RETIREMENT_PENDING, _A.RATIFY_RETIREMENT, _S.RETIRED, _HEAD),
    _row(_S.RETIREMENT_PENDING, _A.RETURN_RETIREMENT, PREVIOUS, _HEAD),
)

# Each kind of proposal: the officer's action that opens it, the head's two answers.
PROPOSAL_ACTIONS: dict[ProposalKind, tuple[EventAction, EventAction, EventAction]] = {
    ProposalKind.CORRECTION: (
        _A.PROPOSE_CORRECTION,
        _A.RATIFY_CORRECTION,
        _A.RETURN_CORRECTION,
    ),
    ProposalKind.RETIREMENT: (
        _A.PROPOSE_RETIREMENT,
        _A.RATIFY_RETIREMENT,
        _A.RETURN_RETIREMENT,
    ),
}

# The progress chart's colour of each status.
STATUS_COLOURS: dict[EntryStatus, str] = {
    EntryStatus.DRAFT: "#b0b7c3",
    EntryStatus.SUBMITTED: "#f2b134",
    EntryStatus.RETURNED: "#d9534f",
    EntryStatus.APPROVED: "#5b9bd5",
    EntryStatus.DOCUMENTED: "#2e8b57",
    EntryStatus.CORRECTION_PENDING: "#9b6fc3",
    EntryStatus.RETIREMENT_PENDING: "#c97b3d",
    EntryStatus.RETIRED: "#6b6b6b",
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
            if t.source is current and t.target is not None and t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    return _in_enum_order(seen)


def path_to(status: EntryStatus) -> tuple[Transition, ...]:
    """The shortest way from a new entry (created on the form) to `status`."""
    start = find_transition(None, EventAction.CREATE)
    assert start is not None, "the table must let an entry be created"
    first = start.lands_on()
    paths: dict[EntryStatus, tuple[Transition, ...]] = {first: (start,)}
    todo = deque([first])
    while todo:
        current = todo.popleft()
        for t in TRANSITIONS:
            if t.source is current and t.target is not None and t.target not in paths:
                paths[t.target] = (*paths[current], t)
                todo.append(t.target)
    if status not in paths:
        raise ValueError(f"no path to {status!r} in the transition table")
    return paths[status]


def _either(statuses: Iterable[EntryStatus]) -> str:
    return " atau ".join(s.label for s in statuses)


def refusal(source: EntryStatus | None, action: EventAction, role: Role | None = None) -> str:
    """Why `action` is refused on an entry in `source` (to `role`), in the words of the table."""
    done = action.verb
    now = f"Entri berstatus {source.label}" if source is not None else "Entri baru"
    step = find_transition(source, action)
    if step is not None and role is not None and role not in step.roles:
        holders = " atau ".join(r.label for r in Role if r in step.roles)
        return f"{now} hanya dapat {done} oleh {holders}."
    possible = sources_of(action)
    if not possible:
        return f"{now} tidak dapat {done}."
    return f"{now} tidak dapat {done}; hanya entri berstatus {_either(possible)} yang dapat {done}."


def pending_kind(status: EntryStatus) -> ProposalKind | None:
    """The kind of proposal an entry in `status` waits on, or None (e.g. a new submission)."""
    for kind, (propose, _, _) in PROPOSAL_ACTIONS.items():
        if status in targets_of(propose):
            return kind
    return None


# Derived once; each is a tuple of statuses in the enum's order.
INITIAL: EntryStatus = targets_of(EventAction.CREATE)[0]  # where the form's new entry starts
STARTING = _in_enum_order(t.target for t in TRANSITIONS if t.source is None)  # drafts
EDITABLE = sources_of(EventAction.EDIT)
WAITING_FOR_HEAD = waiting_for(Role.HEAD)
RETURNED = targets_of(EventAction.RETURN)
RETIRED = targets_of(EventAction.RATIFY_RETIREMENT)  # out of the DIP for good, kept
# Ratified and not retired: what a penetapan takes (a pending proposal changes nothing yet).
IN_DIP = tuple(s for s in reachable_from(targets_of(EventAction.RATIFY)) if s not in RETIRED)
RATIFIED = tuple(s for s in IN_DIP if s not in WAITING_FOR_HEAD)  # in the DIP, nothing pending
CORRECTABLE = sources_of(EventAction.PROPOSE_CORRECTION)
RETIRABLE = sources_of(EventAction.PROPOSE_RETIREMENT)
WITHDRAWABLE = sources_of(EventAction.WITHDRAW)
DOCUMENTED = targets_of(EventAction.DOCUMENT)  # SOP step 3 done: the published DIP
DOCUMENTABLE = sources_of(EventAction.DOCUMENT)  # the officer's step-3 work list

__all__ = [
    "CORRECTABLE",
    "DOCUMENTABLE",
    "DOCUMENTED",
    "EDITABLE",
    "INITIAL",
    "IN_DIP",
    "PREVIOUS",
    "PROPOSAL_ACTIONS",
    "RATIFIED",
    "RETIRABLE",
    "RETIRED",
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
    "pending_kind",
    "reachable_from",
    "refusal",
    "roles_for",
    "sources_of",
    "targets_of",
    "waiting_for",
    "WITHDRAWABLE",
]
