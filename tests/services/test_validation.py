"""Bad input: a clear Indonesian message per field, and nothing written."""

from datetime import date

import pytest
from sqlmodel import func, select

from dip import workflow
from dip.errors import ValidationFailed
from models.tables import DipEntry, EntryEvent
from tests.factories import complete_input


def _count(session, table) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def _errors(session, users, data, *, submit: bool = True) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as info:
        workflow.create_draft(session, users["officer"], data, submit=submit)
    session.rollback()
    assert _count(session, DipEntry) == 0 and _count(session, EntryEvent) == 0
    return info.value.errors


def test_submission_requires_all_seven_elements(session, users, skpds) -> None:
    data = complete_input(
        skpds[0].id,
        summary=" ",
        holder_unit="",
        responsible=None,
        made_place="",
        made_time="",
        retention="",
        form_softcopy=False,
        form_hardcopy=False,
    )
    errors = _errors(session, users, data)
    assert errors == {
        "summary": "Ringkasan Isi Informasi wajib diisi.",
        "holder_unit": "Pejabat atau Unit/Satuan Kerja yang Menguasai Informasi wajib diisi.",
        "responsible": "Penanggung Jawab Pembuatan atau Penerbitan Informasi wajib diisi.",
        "made_place": "Tempat Pembuatan Informasi wajib diisi.",
        "made_time": "Waktu Pembuatan Informasi wajib diisi.",
        "retention": "Jangka Waktu Penyimpanan atau Retensi Arsip wajib diisi.",
        "form": "Pilih paling sedikit satu bentuk informasi: softcopy atau hardcopy.",
    }


def test_a_draft_needs_only_the_summary(session, users, skpds) -> None:
    data = complete_input(skpds[0].id, holder_unit="", responsible="", retention="")
    entry = workflow.create_draft(session, users["officer"], data)
    assert entry.holder_unit == "" and entry.summary.startswith("Laporan")
    session.commit()
    with pytest.raises(ValidationFailed) as info:
        workflow.create_draft(session, users["officer"], complete_input(skpds[0].id, summary=""))
    assert set(info.value.errors) == {"summary"}


def test_oversized_fields_are_refused_with_their_limit(session, users, skpds) -> None:
    errors = _errors(
        session, users, complete_input(skpds[0].id, summary="x" * 2001, retention="y" * 101)
    )
    assert errors["summary"] == (
        "Ringkasan Isi Informasi terlalu panjang (2001 karakter); paling banyak 2000 karakter."
    )
    assert "paling banyak 100 karakter" in errors["retention"]


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "Laporan <b>tebal</b>",
        "<img src=x onerror=alert(1)>",
        "< script>",
    ],
)
def test_html_and_script_are_refused(session, users, skpds, text) -> None:
    errors = _errors(session, users, complete_input(skpds[0].id, summary=text))
    assert "tidak boleh berisi tag HTML atau skrip" in errors["summary"]


def test_plain_comparison_signs_are_fine(session, users, skpds) -> None:
    data = complete_input(skpds[0].id, summary="Anggaran < Rp 5 juta dan > Rp 1 juta")
    assert workflow.create_draft(session, users["officer"], data).summary.startswith("Anggaran <")


def test_control_characters_are_dropped_and_whitespace_trimmed(session, users, skpds) -> None:
    data = complete_input(
        skpds[0].id, summary="  Laporan\x00 kinerja\x07  ", holder_unit="  Sekretariat   Dinas "
    )
    entry = workflow.create_draft(session, users["officer"], data)
    assert entry.summary == "Laporan kinerja"
    assert entry.holder_unit == "Sekretariat Dinas"


@pytest.mark.parametrize("year", [2007, date.today().year + 2, "dua ribu", None])
def test_dip_year_must_be_sane(session, users, skpds, year) -> None:
    errors = _errors(session, users, complete_input(skpds[0].id, year=year))
    assert "year" in errors and "Tahun DIP" in errors["year"]


def test_made_time_cannot_be_in_the_future(session, users, skpds) -> None:
    future = date.today().year + 1
    errors = _errors(session, users, complete_input(skpds[0].id, made_time=f"Maret {future}"))
    assert (
        errors["made_time"]
        == f"Waktu Pembuatan Informasi menyebut tahun {future}, yang belum terjadi."
    )


def test_unknown_or_inactive_skpd_and_category_are_refused(session, users, skpds) -> None:
    errors = _errors(session, users, complete_input(skpds[2].id, category="rahasia"))
    assert errors["skpd_id"] == (
        "SKPD SKPD yang sudah dilebur sudah dinonaktifkan. Pilih SKPD yang aktif, atau minta "
        "administrator mengaktifkannya kembali."
    )
    assert errors["category"] == "Pilih kategori informasi yang tersedia."


def test_document_needs_a_location_and_refuses_script_urls(session, users, skpds) -> None:
    entry = workflow.create_draft(
        session, users["officer"], complete_input(skpds[0].id), submit=True
    )
    entry = workflow.ratify(session, users["head"], entry.id, entry.version)
    with pytest.raises(ValidationFailed) as info:
        workflow.document(session, users["officer"], entry.id, entry.version, " ", "")
    assert "paling sedikit satu" in info.value.errors["softcopy_location"]
    with pytest.raises(ValidationFailed) as info:
        workflow.document(
            session, users["officer"], entry.id, entry.version, "javascript:alert(1)", "Rak 2"
        )
    assert "http(s)" in info.value.errors["softcopy_location"]
    session.rollback()
    assert session.get(DipEntry, entry.id).softcopy_location is None


def test_documentation_must_cover_each_declared_form(session, users, skpds) -> None:
    data = complete_input(skpds[0].id, form_softcopy=True, form_hardcopy=True)
    entry = workflow.create_draft(session, users["officer"], data, submit=True)
    entry = workflow.ratify(session, users["head"], entry.id, entry.version)
    with pytest.raises(ValidationFailed) as info:
        workflow.document(session, users["officer"], entry.id, entry.version, "https://x/a.pdf", "")
    assert info.value.errors == {
        "hardcopy_location": (
            "Entri ini menyatakan informasi tersedia sebagai hardcopy; isi lokasi arsipnya."
        )
    }
    assert session.get(DipEntry, entry.id).status.value == "approved"


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+62 561", "@SUM(A1)", "-1+1"])
def test_formula_like_text_is_refused(session, users, skpds, text) -> None:
    errors = _errors(session, users, complete_input(skpds[0].id, holder_unit=text))
    assert "membacanya sebagai rumus" in errors["holder_unit"]


@pytest.mark.parametrize(
    "text", ["- Rencana Strategis 2025-2029", "-Subbag Program", "\u2022 Renja"]
)
def test_a_bullet_before_a_word_is_text_the_form_keeps(session, users, skpds, text) -> None:
    data = complete_input(skpds[0].id, summary=text, holder_unit=text)
    entry = workflow.create_draft(session, users["officer"], data, submit=True)
    assert (entry.summary, entry.holder_unit) == (text, text)


def test_the_same_information_twice_is_refused(session, users, skpds) -> None:
    first = workflow.create_draft(
        session, users["officer"], complete_input(skpds[0].id, summary="Profil Dinas 2025")
    )
    errors = _errors_after(
        session, users, complete_input(skpds[0].id, summary=" profil dinas 2025.")
    )
    assert f"entri ID {first.id}" in errors["summary"]


def _errors_after(session, users, data) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as info:
        workflow.create_draft(session, users["officer"], data, submit=True)
    session.rollback()
    return info.value.errors
