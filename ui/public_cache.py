"""What the public DIP page shows, prepared once per process for every visitor.

A crowd of anonymous visitors reads the same few lists. Each of their reruns used to query
the versions and rows again and escape every cell for the table (~0.2 s of the process's
one interpreter lock per rerun at 100,000 entries). Here the listing and each version's
tables are built once and shared, keyed by the database (tests and tools run several in one
process) and its data-version stamp: a change committed on any replica (a new version, a
softcopy moved, the excluded list published or not) gives a new key on the next rerun.
The cached objects are only read by the page, never changed.
"""

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from sqlmodel import Session

from dip.office import office_settings
from dip.publication import PublishedRow, public_version, public_versions, version_links
from dip.static_site import holder
from dip.timefmt import format_date
from models.tables import DipVersion
from ui.charts_cache import data_version
from ui.database import database_key
from ui.services import run_query
from ui.text import plain
from ui.versions import VersionTables, version_tables

CACHE_SECONDS = 600
# A version's tables take a few hundred kB; a crowd reads the lists in force of a year.
MAX_VERSIONS = 64

ListKey = tuple[str, str]  # (SKPD or the province, kind of list)


@dataclass(frozen=True)
class YearLists:
    lists: dict[ListKey, list[DipVersion]]  # newest version first
    in_force: pd.DataFrame  # the table of versions in force, text escaped


@dataclass(frozen=True)
class Listing:
    body_name: str
    years: list[int]  # newest first
    by_year: dict[int, YearLists]


@dataclass(frozen=True)
class VersionView:
    version: DipVersion
    rows: list[PublishedRow]
    tables: VersionTables


def listing() -> Listing | None:
    """Every published version by year and list; None when the database failed (told)."""
    stamp = data_version()
    if stamp is None:
        return None
    return run_query(_listing, database_key(), stamp)


def version_view(version_id: int) -> VersionView | None:
    """A published version with its rows and tables; None if not found or failed (told)."""
    stamp = data_version()
    if stamp is None:
        return None
    return run_query(_version_view, database_key(), version_id, stamp)


@st.cache_resource(ttl=CACHE_SECONDS, max_entries=4, show_spinner=False)
def _listing(_session: Session, database: str, stamp: int) -> Listing:
    office = office_settings(_session)
    lists: dict[int, dict[ListKey, list[DipVersion]]] = {}
    for v in public_versions(_session):  # newest year first, newest version first per list
        lists.setdefault(v.year, {}).setdefault((holder(v), v.kind.label), []).append(v)
    by_year = {
        year: YearLists(groups, _in_force_table([group[0] for group in groups.values()]))
        for year, groups in lists.items()
    }
    return Listing(office.body_name if office else "", sorted(by_year, reverse=True), by_year)


def _in_force_table(versions: list[DipVersion]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "SKPD": plain(holder(v)),
                "Daftar": v.kind.label,
                "Versi": v.number,
                "Nomor keputusan": plain(v.decree_number),
                "Tanggal keputusan": format_date(v.decree_date),
            }
            for v in versions
        ]
    )


@st.cache_resource(ttl=CACHE_SECONDS, max_entries=MAX_VERSIONS, show_spinner=False)
def _version_view(_session: Session, database: str, version_id: int, stamp: int) -> VersionView:
    version, rows = public_version(_session, version_id)  # NotFound if not public (not cached)
    links = version_links(_session, version_id)  # public_version has checked it is public
    return VersionView(version, rows, version_tables(version.kind, rows, links))
