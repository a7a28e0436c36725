"""Submit several of the officer's drafts at once (imported drafts arrive by the dozen).

Each entry goes through the same check as a single submission (dip.workflow.submit_many);
the report names every entry submitted and, for each one left as a draft, what it lacks.
"""

import streamlit as st

from dip import workflow
from dip.queries import MAX_PAGE, list_entries
from models.enums import EntryStatus
from models.tables import UserAccount, saved_id
from ui.charts_cache import after_transition
from ui.entry_detail import quoted, short_summary
from ui.services import run_service
from ui.text import plain
from ui.widgets import fresh_key

REPORT = "entri_ajukan_laporan"


def _report() -> None:
    report = st.session_state.get(REPORT)
    if not report:
        return
    done, skipped = report
    if done:
        st.success(
            f"{len(done)} draf diajukan ke Kepala PPID: " + "; ".join(done),
            icon=":material/check_circle:",
        )
    for name, why in skipped:
        st.error(f"Tidak diajukan — {name}: {plain(why, keep_lines=False)}")


def batch_submit_section(user: UserAccount) -> None:
    """Drafts the officer made, to tick and submit together; the last report stays shown."""
    found = run_service(
        list_entries,
        statuses=[EntryStatus.DRAFT],
        created_by_id=user.id,
        oldest_first=True,
        limit=MAX_PAGE,
    )
    if found is None:
        return
    drafts, total = found
    if not total and not st.session_state.get(REPORT):
        return
    with st.expander(
        f"Ajukan beberapa draf sekaligus ({total} draf)",
        icon=":material/done_all:",
        expanded=bool(st.session_state.get(REPORT)),
    ):
        _report()
        if not drafts:
            return
        names = {
            saved_id(v.entry): f"ID {v.entry.id} · {v.entry.year} · "
            + short_summary(v.entry.summary)
            for v in drafts
        }
        versions = {saved_id(v.entry): v.entry.version for v in drafts}
        key = fresh_key("entri_ajukan_pilih", names.values())
        chosen: list[int] = st.multiselect(
            "Draf yang diajukan",
            list(names),
            format_func=names.__getitem__,
            key=key,
            placeholder="Pilih satu atau beberapa draf",
        )
        with st.container(horizontal=True):
            st.button(
                "Pilih semua draf",
                key="entri_ajukan_semua",
                on_click=lambda: st.session_state.update({key: list(names)}),
            )
            send = st.button(
                f"Ajukan {len(chosen)} draf ke Kepala PPID",
                type="primary",
                key="entri_ajukan_banyak",
                disabled=not chosen,
            )
        st.caption("Setiap draf diperiksa sendiri-sendiri; draf yang belum lengkap tetap draf.")
        if send and chosen:
            result = run_service(workflow.submit_many, {i: versions[i] for i in chosen})
            if result is None:
                return
            if result.done:
                after_transition()
            st.session_state[REPORT] = (
                [quoted(names[i]) for i in result.done],
                [(quoted(names[i]), why) for i, why in result.skipped.items()],
            )
            st.rerun()
