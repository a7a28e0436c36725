#!/usr/bin/env bash
# Install what the tests need and run the whole suite (SQLite + PostgreSQL + browser).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r tests/requirements.txt

# Browser tests drive Debian's Chromium; Playwright cannot download its own browser here.
if [ ! -x /usr/bin/chromium ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# Nice to have, not required: Debian's fonts for the PDF (it falls back to Helvetica) and
# pdftoppm, with which the browser test renders the downloaded PDF to PNG for a look.
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || ! command -v pdftoppm >/dev/null; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-dejavu-core poppler-utils \
        >/dev/null || echo "fonts/poppler not installed; PDFs use Helvetica, no PNG preview" >&2
fi

# The PostgreSQL half of the suite runs against the local server (trust auth, database test).
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

.venv/bin/ruff check .

set +e
.venv/bin/python -m pytest -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests: the suite is broken, not green." >&2
    exit 1
fi
exit "$status"
