"""The SOP's transition table on its own, without a database: what it allows, what it refuses,
and what the rest of the app derives from it."""

import pytest

from dip.access import require_transition
from dip.errors import InvalidTransition, PermissionDenied
from dip.progress import Totals
from models import lifecycle
from models.enums import STATUS_LABELS, EntryStatus, EventAction, ProposalKind, Role
from models.tables import UserAccount

S, A = EntryStatus, EventAction

# The SOP (seed/sop-pendokumentasian-informasi-publik.txt) written out independently of the
# table: (from status, action, role) -> new status.
# None as the new status: back to the status the entry had before the pending proposal.
SOP: dict[tuple[EntryStatus | None, EventAction, Role], EntryStatus | None] = {
    (None, A.CREATE, Role.OFFICER): S.DRAFT,
    (None, A.IMPORT, Role.OFFICER): S.DRAFT,
    (S.DRAFT, A.EDIT, Role.OFFICER): S.DRAFT,
    (S.RETURNED, A.EDIT, Role.OFFICER): S.RETURNED,
    (S.DRAFT, A.SUBMIT, Role.OFFICER): S.SUBMITTED,
    (S.RETURNED, A.SUBMIT, Role.OFFICER): S.SUBMITTED,
    (S.SUBMITTED, A.RATIFY, Role.HEAD): S.APPROVED,
    (S.SUBMITTED, A.RETURN, Role.HEAD): S.RETURNED,
    (S.APPROVED, A.DOCUMENT, Role.OFFICER): S.DOCUMENTED,
    # Issue 8: withdraw before the head acts; correct or retire what is in the DIP.
    (S.SUBMITTED, A.WITHDRAW, Role.OFFICER): S.DRAFT,
    (S.APPROVED, A.PROPOSE_CORRECTION, Role.OFFICER): S.CORRECTION_PENDING,
    (S.DOCUMENTED, A.PROPOSE_CORRECTION, Role.OFFICER): S.CORRECTION_PENDING,
    (S.CORRECTION_PENDING, A.RATIFY_CORRECTION, Role.HEAD): None,  # back where it was
    (S.CORRECTION_PENDING, A.RETURN_CORRECTION, Role.HEAD): None,
    (S.APPROVED, A.PROPOSE_RETIREMENT, Role.OFFICER): S.RETIREMENT_PENDING,
    (S.DOCUMENTED, A.PROPOSE_RETIREMENT, Role.OFFICER): S.RETIREMENT_PENDING,
    (S.RETIREMENT_PENDING, A.RATIFY_RETIREMENT, Role.HEAD): S.RETIRED,
    (S.RETIREMENT_PENDING, A.RETURN_RETIREMENT, Role.HEAD): None,
}
EVERY_CASE = [(s, a, r) for s in (None, *EntryStatus) for a in EventAction for r in Role]


def _user(role: Role) -> UserAccount:
    return UserAccount(id=1, username="u", full_name="U", password_hash="x", role=role)


@pytest.mark.parametrize(("source", "action", "role"), list(SOP))
def test_every_step_of_the_sop_is_allowed_and_leads_where_the_sop_says(
    source: EntryStatus | None, action: EventAction, role: Role
) -> None:
    assert lifecycle.allowed(source, action, role)
    step = require_transition(_user(role), source, action)
    assert (step.source, step.action, step.target) == (source, action, SOP[source, action, role])


def test_everything_else_is_refused() -> None:
    wrongly_allowed = [
        case for case in EVERY_CASE if case not in SOP and lifecycle.allowed(*case)
    ]
    assert wrongly_allowed == []
    assert len(lifecycle.TRANSITIONS) == len(SOP)


def test_a_refused_status_is_named_with_the_statuses_that_would_do() -> None:
    with pytest.raises(InvalidTransition) as refused:
        require_transition(_user(Role.HEAD), S.DRAFT, A.RATIFY)
    assert refused.value.message == (
        "Entri berstatus Draf tidak dapat disahkan; "
        "hanya entri berstatus Diajukan yang dapat disahkan."
    )
    with pytest.raises(InvalidTransition, match="hanya entri berstatus Draf atau Dikembalikan"):
        require_transition(_user(Role.OFFICER), S.APPROVED, A.EDIT)


def test_a_refused_role_is_told_who_may() -> None:
    with pytest.raises(PermissionDenied) as refused:
        require_transition(_user(Role.OFFICER), S.SUBMITTED, A.RATIFY)
    told = refused.value.message
    assert told == "Entri berstatus Diajukan hanya dapat disahkan oleh Kepala PPID."
    with pytest.raises(PermissionDenied, match="oleh Petugas PPID"):
        require_transition(_user(Role.ADMIN), None, A.CREATE)


def test_each_role_may_do_only_its_steps() -> None:
    assert lifecycle.actions_of(Role.OFFICER) == (
        A.CREATE,
        A.EDIT,
        A.SUBMIT,
        A.DOCUMENT,
        A.IMPORT,
        A.WITHDRAW,
        A.PROPOSE_CORRECTION,
        A.PROPOSE_RETIREMENT,
    )
    assert lifecycle.actions_of(Role.HEAD) == (
        A.RATIFY,
        A.RETURN,
        A.RATIFY_CORRECTION,
        A.RETURN_CORRECTION,
        A.RATIFY_RETIREMENT,
        A.RETURN_RETIREMENT,
    )
    assert lifecycle.actions_of(Role.VIEWER) == ()
    assert lifecycle.actions_of(Role.ADMIN) == ()
    assert lifecycle.roles_for(A.RATIFY) == (Role.HEAD,)
    assert lifecycle.roles_for(A.DOCUMENT) == (Role.OFFICER,)


def test_status_groups_derived_from_the_table() -> None:
    assert lifecycle.INITIAL is S.DRAFT
    assert lifecycle.STARTING == (S.DRAFT,)
    assert lifecycle.EDITABLE == (S.DRAFT, S.RETURNED)
    assert lifecycle.WAITING_FOR_HEAD == (S.SUBMITTED, S.CORRECTION_PENDING, S.RETIREMENT_PENDING)
    assert lifecycle.RETURNED == (S.RETURNED,)
    assert lifecycle.RATIFIED == (S.APPROVED, S.DOCUMENTED)
    assert lifecycle.DOCUMENTED == (S.DOCUMENTED,)
    # What a penetapan takes: ratified and not retired, a pending proposal changing nothing yet.
    assert lifecycle.IN_DIP == (
        S.APPROVED,
        S.DOCUMENTED,
        S.CORRECTION_PENDING,
        S.RETIREMENT_PENDING,
    )
    assert lifecycle.RETIRED == (S.RETIRED,)
    assert lifecycle.WITHDRAWABLE == (S.SUBMITTED,)
    assert lifecycle.CORRECTABLE == lifecycle.RETIRABLE == (S.APPROVED, S.DOCUMENTED)
    assert lifecycle.pending_kind(S.CORRECTION_PENDING) is ProposalKind.CORRECTION
    assert lifecycle.pending_kind(S.RETIREMENT_PENDING) is ProposalKind.RETIREMENT
    assert lifecycle.pending_kind(S.SUBMITTED) is None


def test_a_previous_row_lands_where_the_proposal_was_made() -> None:
    back = lifecycle.find_transition(S.CORRECTION_PENDING, A.RETURN_CORRECTION)
    assert back is not None and back.target is lifecycle.PREVIOUS
    assert back.lands_on(S.DOCUMENTED) is S.DOCUMENTED
    assert back.lands_on(S.APPROVED) is S.APPROVED
    with pytest.raises(ValueError):
        back.lands_on(None)


def test_a_refusal_of_a_correction_reads_as_a_sentence() -> None:
    with pytest.raises(InvalidTransition) as refused:
        require_transition(_user(Role.OFFICER), S.SUBMITTED, A.PROPOSE_CORRECTION)
    assert refused.value.message == (
        "Entri berstatus Diajukan tidak dapat diajukan koreksinya; hanya entri berstatus "
        "Disahkan atau Didokumentasikan yang dapat diajukan koreksinya."
    )
    assert lifecycle.DOCUMENTABLE == (S.APPROVED,)


@pytest.mark.parametrize("status", list(EntryStatus))
def test_every_status_has_a_label_a_colour_and_a_way_in(status: EntryStatus) -> None:
    assert STATUS_LABELS[status]
    assert lifecycle.STATUS_COLOURS[status].startswith("#")
    path = lifecycle.path_to(status)
    assert path[0].source is None and path[-1].target is status
    assert all(a.target is b.source for a, b in zip(path, path[1:], strict=False))


def test_the_demo_path_to_a_documented_entry_is_the_sops_three_steps() -> None:
    actions = [step.action for step in lifecycle.path_to(S.DOCUMENTED)]
    assert actions == [A.CREATE, A.SUBMIT, A.RATIFY, A.DOCUMENT]


@pytest.mark.parametrize("status", list(EntryStatus))
def test_progress_totals_count_every_status_in_exactly_one_group(status: EntryStatus) -> None:
    totals = Totals.of({status: 1})
    assert totals.total == 1
    groups = (
        totals.draft,
        totals.waiting_for_head,
        totals.returned,
        totals.ratified,
        totals.retired,
    )
    assert sum(groups) == 1, f"{status} is counted in {sum(groups)} progress figures, not one"


def test_progress_totals_by_group() -> None:
    counts = {
        S.DRAFT: 1,
        S.SUBMITTED: 2,
        S.RETURNED: 3,
        S.APPROVED: 4,
        S.DOCUMENTED: 5,
        S.CORRECTION_PENDING: 6,
        S.RETIREMENT_PENDING: 7,
        S.RETIRED: 8,
    }
    assert Totals.of(counts) == Totals(
        total=36, ratified=9, documented=5, waiting_for_head=15, returned=3, draft=1, retired=8
    )
