#!/usr/bin/env bash
# Load test: a scratch PostgreSQL (scripts/with-postgres.sh), then bench/run.py in it, which
# builds the data, serves it with gunicorn and measures it with wrk. Options: bench/run.py --help.
#   bench/run.sh                  # the demo portal
#   bench/run.sh --scale default  # the demo portal plus generate_scale_data
# Everything started here is stopped on exit, Ctrl-C included (run.py's `finally`, then
# with-postgres.sh's EXIT trap).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
exec scripts/with-postgres.sh "$PYTHON" bench/run.py "$@"
