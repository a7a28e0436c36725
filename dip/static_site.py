"""Every published DIP version as static files any web server or CDN can serve.

    python -m dip.static_site --out DIR

writes, for each version the public page shows (dip.publication.public_versions), an HTML
page, the CSV (";" and "," variants), a JSON file and the PDF exactly as the page's download
buttons give them (dip.exports), plus DIR/index.html listing them by year and list. A version
never changes after its decree, so files already there are kept; index.html and
manifest.json are always rewritten, and a file of a version no longer public (an excluded
list the office stopped publishing) is removed. Every file is written beside its place and
renamed into it, so a web server never serves half a file. Uses DATABASE_URL like the app.
"""

import argparse
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from dip.db import make_engine
from dip.exports import (
    COMMA_VARIANT,
    EXCLUDED_DOCUMENT,
    csv_fields,
    download_name,
    export_csv,
    export_excluded_csv,
    export_excluded_pdf,
    export_pdf,
    printed_columns,
)
from dip.office import office_settings
from dip.penetapan import PROVINCE_LABEL, version_label, version_meta
from dip.publication import PublishedRow, public_versions, version_rows
from dip.timefmt import format_date
from models.elements import Kind
from models.enums import Category, DecreeKind
from models.tables import DipVersion, saved_id

MANIFEST = "manifest.json"
INDEX = "index.html"
_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:75rem;padding:0 1rem;"
    "color:#1c2430}h1{font-size:1.5rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 "
    "1.5rem}th,td{border:1px solid #9aa5b4;padding:.3rem .4rem;vertical-align:top;text-align:"
    "left}th{background:#f1f4f8}td.c{text-align:center}.files a{margin-right:.8rem}"
    "@media(max-width:40rem){table{font-size:.8rem}}"
)


def version_file_name(version: DipVersion, extension: str, variant: str | None = None) -> str:
    """"DIP_2025_Dinas-Kesehatan_versi-1.pdf": which list, which year, which version."""
    document = "DIP" if version.kind is DecreeKind.DIP else EXCLUDED_DOCUMENT
    suffix = f"versi-{version.number}" + (f"_{variant}" if variant else "")
    return download_name(
        extension, year=version.year, skpd_name=version.skpd_name, document=document,
        variant=suffix,
    )  # fmt: skip


def holder(version: DipVersion) -> str:
    return version.skpd_name or PROVINCE_LABEL


@dataclass(frozen=True)
class SiteReport:
    versions: int
    written: list[str]  # file names written in this run
    kept: list[str]  # files of unchanged versions left as they were
    removed: list[str]  # files of versions no longer public


# ---------------------------------------------------------------- the files of one version


def _json_value(row: PublishedRow, name: str, kind: Kind) -> object:
    if kind is Kind.ASSIGNED:
        return row.number
    if kind is Kind.CATEGORY:
        return row.category.label
    if kind is Kind.SKPD:
        return row.skpd_name
    if kind is Kind.YEAR:
        return row.year
    if kind is Kind.FLAG:
        return bool(getattr(row, name))
    value = getattr(row, name)
    return value.isoformat() if isinstance(value, date | datetime) else value


def version_json(version: DipVersion, rows: list[PublishedRow]) -> bytes:
    """The version's header and rows for re-use by programs: field names as keys, the
    headings beside them, flags as true/false."""
    fields = csv_fields(excluded=version.kind is DecreeKind.EXCLUDED)
    document = {
        "daftar": version.kind.label,
        "tahun": version.year,
        "skpd": holder(version),
        "versi": version.number,
        "nomor_keputusan": version.decree_number,
        "tanggal_keputusan": version.decree_date.isoformat() if version.decree_date else None,
        "kolom": [{"nama": f.name, "judul": f.heading} for f in fields],
        "baris": [{f.name: _json_value(r, f.name, f.kind) for f in fields} for r in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def _grouped(rows: list[PublishedRow]) -> list[tuple[Category, list[PublishedRow]]]:
    groups: dict[Category, list[PublishedRow]] = {}
    for row in rows:
        groups.setdefault(row.category, []).append(row)
    return [(c, groups[c]) for c in Category if c in groups]


def _table(rows: list[PublishedRow], excluded: bool) -> str:
    columns = printed_columns(excluded=excluded)
    head = "".join(
        f"<th>{escape(f'{group}: {heading}' if group else heading)}</th>"
        for group, heading, _ in columns
    )
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(value(r))}</td>" for _, _, value in columns) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _page(title: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>{body}</body></html>"
    ).encode()


def _file_links(version: DipVersion) -> str:
    links = [
        ("PDF", version_file_name(version, "pdf")),
        ("CSV", version_file_name(version, "csv")),
        ("CSV (koma)", version_file_name(version, "csv", COMMA_VARIANT)),
        ("JSON", version_file_name(version, "json")),
    ]
    return '<p class="files">' + "".join(
        f'<a href="{escape(name)}" download>{label}</a>' for label, name in links
    ) + "</p>"  # fmt: skip


def version_html(version: DipVersion, rows: list[PublishedRow], body_name: str) -> bytes:
    """The version as the public page shows it; every text escaped, no link made of it."""
    excluded = version.kind is DecreeKind.EXCLUDED
    title = f"{version.kind.label} {version.year} \u2013 {holder(version)}"
    if excluded:
        tables = _table(rows, True)
    else:
        tables = "".join(
            f"<h3>{escape(category.label)}</h3>{_table(group, False)}"
            for category, group in _grouped(rows)
        )
    body = (
        f'<p><a href="{INDEX}">\u2190 Semua daftar</a></p>'
        f"<h1>{escape(title)}</h1><p>{escape(body_name)}. {escape(version_label(version))}</p>"
        f"{_file_links(version)}{tables or '<p>Daftar ini kosong.</p>'}"
    )
    return _page(title, body)


def version_files(
    version: DipVersion, rows: list[PublishedRow], body_name: str
) -> dict[str, Callable[[], bytes]]:
    """File name -> how to make it; made only when the file is not there yet."""
    excluded = version.kind is DecreeKind.EXCLUDED
    csv, pdf = (export_excluded_csv, export_excluded_pdf) if excluded else (export_csv, export_pdf)
    return {
        version_file_name(version, "html"): lambda: version_html(version, rows, body_name),
        version_file_name(version, "csv"): lambda: csv(rows),
        version_file_name(version, "csv", COMMA_VARIANT): lambda: csv(rows, ","),
        version_file_name(version, "json"): lambda: version_json(version, rows),
        version_file_name(version, "pdf"): lambda: pdf(rows, version_meta(version)),
    }


def index_html(versions: Iterable[DipVersion], body_name: str) -> bytes:
    """Per year, per list: the version in force first, then the earlier ones."""
    body = [
        "<h1>Daftar Informasi Publik</h1>",
        f"<p>PPID {escape(body_name)}. Daftar informasi publik yang ditetapkan dengan keputusan "
        "sesuai UU No. 14 Tahun 2008 tentang Keterbukaan Informasi Publik.</p>",
    ]
    year = None
    for v in versions:  # newest year first, each list's newest version first
        if v.year != year:
            year = v.year
            body.append(
                f"<h2>Tahun {year}</h2><table><thead><tr><th>SKPD</th><th>Daftar</th>"
                "<th>Versi</th><th>Nomor keputusan</th><th>Tanggal keputusan</th>"
                "<th>Berkas</th></tr></thead><tbody>"
            )
        body.append(
            f'<tr><td>{escape(holder(v))}</td><td>{escape(v.kind.label)}</td>'
            f'<td><a href="{escape(version_file_name(v, "html"))}">Versi {v.number}</a></td>'
            f"<td>{escape(v.decree_number)}</td><td>{escape(format_date(v.decree_date))}</td>"
            f'<td><a href="{escape(version_file_name(v, "pdf"))}">PDF</a> '
            f'<a href="{escape(version_file_name(v, "csv"))}">CSV</a> '
            f'<a href="{escape(version_file_name(v, "json"))}">JSON</a></td></tr>'
        )
        body.append("")
    if year is None:
        body.append("<p>Belum ada Daftar Informasi Publik yang ditetapkan.</p>")
    # Close each year's table where the next year starts.
    html = "".join(body).replace("<h2>", "</tbody></table><h2>")
    html = html.replace("</p></tbody></table><h2>", "</p><h2>", 1) + (
        "</tbody></table>" if year is not None else ""
    )
    html += (
        "<p>Informasi yang tidak tercantum dapat dimohonkan kepada PPID sesuai tata cara "
        "permohonan informasi publik.</p>"
    )
    return _page("Daftar Informasi Publik", html)


# ---------------------------------------------------------------- writing the folder


def _write(folder: Path, name: str, data: bytes) -> None:
    """Beside its place first, then renamed: a reader sees the old file or the new one."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix="-" + name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, folder / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _old_manifest(folder: Path) -> list[str]:
    try:
        names = json.loads((folder / MANIFEST).read_text("utf-8")).get("berkas", [])
    except (OSError, ValueError, AttributeError):
        return []
    # Only plain names inside the folder: a tampered manifest cannot delete elsewhere.
    return [n for n in names if isinstance(n, str) and n == Path(n).name and n not in ("", ".")]


def write_site(session: Session, out: Path | str) -> SiteReport:
    """Write (or bring up to date) the static public DIP in `out`."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    body_name = office_settings(session).body_name
    versions = public_versions(session)
    written: list[str] = []
    kept: list[str] = []
    wanted: list[str] = []
    for version in versions:
        files: dict[str, Callable[[], bytes]] | None = None
        names = [
            version_file_name(version, ext, variant)
            for ext, variant in (("html", None), ("csv", None), ("csv", COMMA_VARIANT),
                                 ("json", None), ("pdf", None))
        ]  # fmt: skip
        if len(set(names) & set(wanted)):
            raise ValueError(f"Dua versi memakai nama berkas yang sama: {names[0]}")
        wanted.extend(names)
        for name in names:
            if (folder / name).exists():
                kept.append(name)
                continue
            if files is None:  # read a version's rows only when one of its files is missing
                files = version_files(version, version_rows(session, saved_id(version)), body_name)
            _write(folder, name, files[name]())
            written.append(name)
    _write(folder, INDEX, index_html(versions, body_name))
    removed = [n for n in _old_manifest(folder) if n not in wanted and n not in (INDEX, MANIFEST)]
    for name in removed:
        (folder / name).unlink(missing_ok=True)
    manifest = {"dibuat": datetime.now().astimezone().isoformat(timespec="seconds"),
                "berkas": [INDEX, *wanted]}  # fmt: skip
    _write(folder, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    return SiteReport(len(versions), written, kept, removed)


def build(out: Path | str, engine: Engine | None = None) -> SiteReport:
    own = engine is None
    engine = engine or make_engine()
    try:
        with Session(engine) as session:
            return write_site(session, out)
    finally:
        if own:
            engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m dip.static_site",
        description="Tulis setiap versi DIP yang dipublikasikan sebagai berkas statis "
        "(HTML, CSV, JSON, PDF) untuk server web apa pun.",
    )
    parser.add_argument("--out", required=True, type=Path, help="folder tujuan")
    args = parser.parse_args(argv)
    report = build(args.out)
    print(
        f"{report.versions} versi: {len(report.written)} berkas ditulis, {len(report.kept)} "
        f"tetap, {len(report.removed)} dihapus, di {args.out.resolve()}"
    )


if __name__ == "__main__":
    main()
