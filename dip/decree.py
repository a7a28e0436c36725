"""The decree (keputusan) fixing a version, as an editable DOCX draft with the list as Lampiran.

Offices finish letters in a word processor: this is a starting point with the stored decree
data, the legal bases of the SOP and the version's rows, not a signed document.
"""

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Length, Pt
from docx.table import Table

from dip.exports import ExportMeta, printed_columns
from dip.publication import PublishedRow
from dip.timefmt import format_date
from models.enums import Category, DecreeKind
from models.tables import DipVersion

ANNEX_WIDTH_CM = 25.0  # A4 landscape less the default margins
# The legal bases named in the SOP (Pendokumentasian Informasi Publik) and Perki 1/2021.
LEGAL_BASES: tuple[str, ...] = (
    "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik;",
    "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik;",
    "Peraturan Pemerintah Nomor 61 Tahun 2010 tentang Pelaksanaan Undang-Undang Nomor 14 "
    "Tahun 2008 tentang Keterbukaan Informasi Publik;",
    "Peraturan Komisi Informasi Nomor 1 Tahun 2017 tentang Pengklasifikasian Informasi Publik;",
    "Peraturan Komisi Informasi Nomor 1 Tahun 2021 tentang Standar Layanan Informasi Publik;",
    "Peraturan Gubernur Kalimantan Barat Nomor 22 Tahun 2016 tentang Pedoman Pengelolaan "
    "Informasi Publik dan Dokumentasi di Lingkungan Pemerintah Provinsi Kalimantan Barat;",
)


def _considerations(meta: ExportMeta, what: str) -> list[str]:
    return [
        "bahwa berdasarkan Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi "
        "Publik, setiap Badan Publik wajib menyediakan Informasi Publik yang berada di bawah "
        "kewenangannya dan mengelolanya secara baik dan efisien sehingga dapat diakses dengan "
        "mudah;",
        f"bahwa Peraturan Komisi Informasi Nomor 1 Tahun 2021 tentang Standar Layanan Informasi "
        f"Publik mewajibkan Badan Publik menyusun dan menetapkan {what};",
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu "
        f"menetapkan Keputusan {meta.head_title} tentang {meta.decree_about.title()};",
    ]


def _paragraph(
    doc: DocxDocument, text: str = "", *, bold: bool = False, center: bool = False
) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(2)


def _labelled(doc: DocxDocument, label: str, items: Sequence[str], *, lettered: bool) -> None:
    """ "Menimbang : a. ..." as a borderless two-column table, so the items line up."""
    table = doc.add_table(rows=len(items), cols=3)
    for i, text in enumerate(items):
        cells = table.rows[i].cells
        cells[0].text = label if i == 0 else ""
        cells[1].text = (chr(ord("a") + i) if lettered else str(i + 1)) + "."
        cells[2].text = text
    _widths(table, (Cm(3.2), Cm(0.8), Cm(12.0)))
    doc.add_paragraph()


def _widths(table: Table, widths: Sequence[Length]) -> None:
    """Fixed column widths in the table grid too: LibreOffice reads the grid, Word the cells."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _signature(doc: DocxDocument, meta: ExportMeta) -> None:
    lines = [
        f"Ditetapkan di {meta.place}",
        f"pada tanggal {format_date(meta.ratified_on())}",
        f"{meta.head_title.upper()},",
        "",
        "",
        "",
        meta.head_name,
    ]
    lines += [meta.head_rank] if meta.head_rank else []
    lines += [f"NIP. {meta.head_nip}"] if meta.head_nip else []
    for line in lines:
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Cm(8.5)
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(line)
        run.bold = line == meta.head_name


def _annex(
    doc: DocxDocument, meta: ExportMeta, rows: Sequence[PublishedRow], excluded: bool
) -> None:
    section = doc.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for label, text in meta.lampiran_lines():
        p = doc.add_paragraph(f"{label} {text}" if label == "LAMPIRAN" else f"{label} : {text}")
        p.paragraph_format.left_indent = Cm(15)
        p.paragraph_format.space_after = Pt(0)
    doc.add_paragraph()
    columns = printed_columns(excluded=excluded)
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    rest = (ANNEX_WIDTH_CM - 1.0) / (len(columns) - 1)  # the number column is narrow
    widths = [Cm(1.0), *[Cm(rest)] * (len(columns) - 1)]
    for cell, (group, heading, _value) in zip(table.rows[0].cells, columns, strict=True):
        cell.text = f"{group}: {heading}" if group else heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
    current: Category | None = None
    for row in rows:
        if row.category is not current:
            current = row.category
            band = table.add_row().cells
            merged = band[0].merge(band[-1])
            merged.text = current.label
            merged.paragraphs[0].runs[0].bold = True
        cells = table.add_row().cells
        for cell, (_group, _heading, value) in zip(cells, columns, strict=True):
            cell.text = value(row)
    _widths(table, widths)
    if not rows:
        doc.add_paragraph("Belum ada informasi dalam daftar ini.")
    doc.add_paragraph()
    _signature(doc, meta)


def decree_docx(version: DipVersion, rows: Sequence[PublishedRow], meta: ExportMeta) -> bytes:
    """The decree draft: title, Menimbang, Mengingat, Memutuskan, signature, and the Lampiran."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    what = f"{version.kind.label} {version.skpd_name or version.body_name} Tahun {version.year}"
    _paragraph(doc, f"KEPUTUSAN {meta.head_title.upper()}", bold=True, center=True)
    _paragraph(doc, f"NOMOR {meta.decree_number}", bold=True, center=True)
    _paragraph(doc)
    _paragraph(doc, "TENTANG", bold=True, center=True)
    _paragraph(doc, meta.decree_about, bold=True, center=True)
    _paragraph(doc)
    _paragraph(doc, f"{meta.head_title.upper()},", bold=True, center=True)
    _paragraph(doc)
    _labelled(doc, "Menimbang", _considerations(meta, what), lettered=True)
    _labelled(doc, "Mengingat", LEGAL_BASES, lettered=False)
    _paragraph(doc, "MEMUTUSKAN:", bold=True, center=True)
    decisions = [
        ("Menetapkan", f"KEPUTUSAN {meta.head_title.upper()} TENTANG {meta.decree_about}."),
        (
            "KESATU",
            f"Menetapkan {what} sebagaimana tercantum dalam Lampiran yang merupakan bagian "
            "tidak terpisahkan dari Keputusan ini.",
        ),
        (
            "KEDUA",
            f"{version.kind.label} sebagaimana dimaksud dalam Diktum KESATU dimutakhirkan "
            "secara berkala dan setiap pemutakhirannya ditetapkan dengan Keputusan.",
        ),
        ("KETIGA", "Keputusan ini mulai berlaku pada tanggal ditetapkan."),
    ]
    if version.kind is DecreeKind.EXCLUDED:
        decisions[2] = (
            "KEDUA",
            "Informasi yang dikecualikan sebagaimana dimaksud dalam Diktum KESATU tidak dapat "
            "diberikan kepada pemohon informasi selama jangka waktu pengecualiannya.",
        )
    table = doc.add_table(rows=len(decisions), cols=3)
    for cells, (label, text) in zip((r.cells for r in table.rows), decisions, strict=True):
        cells[0].text, cells[1].text, cells[2].text = label, ":", text
    _widths(table, (Cm(3.2), Cm(0.8), Cm(12.0)))
    doc.add_paragraph()
    _signature(doc, meta)
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.LINE)
    _annex(doc, meta, rows, excluded=version.kind is DecreeKind.EXCLUDED)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
