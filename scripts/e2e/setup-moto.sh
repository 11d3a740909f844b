#!/usr/bin/env bash
# Installs the moto server (a local AWS emulator: KMS, IAM, STS) into a git-ignored virtualenv,
# .tools/moto-venv, for the end-to-end tests (tests/e2e). Idempotent: a no-op when the venv already
# has the pinned version (checked by a stamp and by importing moto's server). Only pip talks to the
# package index, through its ordinary configuration.
#
#   scripts/e2e/setup-moto.sh           install if needed
#   scripts/e2e/setup-moto.sh --force   recreate the venv
#
# Prints nothing but progress on stderr; the server is started by the tests
# (tests/support/moto.ts: `.tools/moto-venv/bin/moto_server -H 127.0.0.1 -p <free port>`).
set -euo pipefail

MOTO_VERSION=5.2.5

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.tools/moto-venv"
STAMP="$VENV/.moto-stamp"
WANT="moto[server]==$MOTO_VERSION"

log() { printf '[setup-moto] %s\n' "$*" >&2; }

FORCE=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) log "unknown argument: $arg"; exit 2 ;;
  esac
done

PYTHON="${PYTHON:-$(command -v python3 || true)}"
[[ -n "$PYTHON" ]] || { log "python3 is not on PATH (moto $MOTO_VERSION needs Python >= 3.9)"; exit 1; }

mkdir -p "$ROOT/.tools"
# One install at a time (e.g. under make -j).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$ROOT/.tools/.moto-venv.lock"
  flock 9
fi

if [[ $FORCE == 0 && -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" && -x "$VENV/bin/moto_server" ]] &&
   "$VENV/bin/python" -c 'import moto, moto.server, flask_cors, sys; sys.exit(moto.__version__ != sys.argv[1])' "$MOTO_VERSION" 2>/dev/null; then
  log "up to date: moto $MOTO_VERSION in ${VENV#"$ROOT/"}"
  exit 0
fi

log "creating ${VENV#"$ROOT/"} with $("$PYTHON" --version 2>&1)"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "$WANT"
"$VENV/bin/python" -c 'import moto, moto.server; print("moto", moto.__version__)' >&2
echo "$WANT" >"$STAMP"
log "done: moto $MOTO_VERSION in ${VENV#"$ROOT/"}"
