#!/usr/bin/env bash
# Two commits side by side under the same load (bench/compare.py; bench/README.md):
#   bench/compare.sh OLD NEW [--rounds 3] [--duration 8] [--connections 16]   # SQLite
#   bench/compare.sh --postgres OLD NEW ...                                   # a scratch PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$PWD/.venv/bin/python}
if [ "${1:-}" = "--postgres" ]; then
  shift
  exec scripts/with-postgres.sh "$PYTHON" bench/compare.py "$@"
fi
exec "$PYTHON" bench/compare.py "$@"
