#!/usr/bin/env bash
# Install what the tests need and run the whole suite (SQLite + PostgreSQL + browser).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r tests/requirements.txt

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here);
# they render the downloaded PDF with poppler's pdftoppm; the PDF prefers Debian's fonts.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
# The XLSX print test opens the export in LibreOffice Calc and prints it to PDF.
command -v soffice >/dev/null || missing+=(libreoffice-calc-nogui)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ "${#missing[@]}" -gt 0 ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The PostgreSQL half of the suite runs against the local server (trust auth, database test).
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

.venv/bin/ruff check .
# Type check the Streamlit-free core (configuration in pyproject.toml).
.venv/bin/mypy

# Two workers (one test file each at a time, so a file's browser server stays in one worker;
# each worker its own PostgreSQL schema), then the timing and load tests alone, so what they
# measure is the app, not the other half of the suite.
set +e
.venv/bin/python -m pytest -p no:cacheprovider -n 2 --dist loadfile -m "not serial" --durations=25 "$@"
parallel=$?
.venv/bin/python -m pytest -p no:cacheprovider -m serial "$@"
serial=$?
set -e
if [ "$parallel" -eq 5 ] && [ "$serial" -eq 5 ]; then
    echo "pytest collected no tests: the suite is broken, not green." >&2
    exit 1
fi
# Exit code 5 of one part only means that part had nothing selected (e.g. one file asked for).
[ "$parallel" -eq 5 ] && parallel=0
[ "$serial" -eq 5 ] && serial=0
[ "$parallel" -ne 0 ] && exit "$parallel"
exit "$serial"
