#!/usr/bin/env bash
# Back up the portal: the database and the media files, in one timestamped archive with a
# manifest and a SHA-256 checksum for every file. Restore with scripts/restore.sh; see
# docs/backup.md for how often, where to keep the archives and how to test a restore.
#
#   scripts/backup.sh [--output DIR]
#
# Reads the same environment as the site: DATABASE_URL (PostgreSQL: pg_dump's custom format;
# SQLite: an online copy with SQLite's backup API, safe while the site writes) and MEDIA_ROOT
# (defaults as in config/settings/base.py: ./db.sqlite3 and ./media). Writes
# DIR/portal-backup-<UTC time>.tar.gz (DIR: --output, else BACKUP_DIR, else ./backups), readable
# by its owner only: it holds the editors' accounts. Prints the archive's path.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
output=${BACKUP_DIR:-$root/backups}
while [ $# -gt 0 ]; do
  case "$1" in
    -o | --output) output=$2; shift 2 ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "backup.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

database_url=${DATABASE_URL:-sqlite:///$root/db.sqlite3}
media_root=$(realpath -m "${MEDIA_ROOT:-$root/media}")
python=${PYTHON:-python3}
umask 077
mkdir -p "$output"
output=$(cd "$output" && pwd)

case "$database_url" in
  postgres://* | postgresql://* | pgsql://*)
    engine=postgresql
    database_file=database.dump
    pg_url=postgresql://${database_url#*://}
    ;;
  sqlite://*)
    engine=sqlite
    database_file=database.sqlite3
    sqlite_file=$(realpath -m "${database_url#sqlite:///}")
    [ -f "$sqlite_file" ] || { echo "backup.sh: no SQLite database at $sqlite_file" >&2; exit 1; }
    ;;
  *)
    echo "backup.sh: cannot back up a ${database_url%%:*} database" >&2
    exit 1
    ;;
esac

# pg_dump must be at least as new as the server: the newest installed one.
pg_tool() {
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$newest" ] && [ -x "$newest/$1" ]; then echo "$newest/$1"; else command -v "$1"; fi
}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
name=portal-backup-$stamp
n=1
while [ -e "$output/$name.tar.gz" ]; do  # two backups in one second
  n=$((n + 1))
  name=portal-backup-$stamp-$n
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/$name"
cd "$work/$name"

# 1. The database first: every media file a row names was uploaded before the row was written,
#    so it is on disk by the time step 2 copies the media.
if [ "$engine" = postgresql ]; then
  "$(pg_tool pg_dump)" --format=custom --no-owner --no-privileges --file="$database_file" "$pg_url"
else
  "$python" - "$sqlite_file" "$database_file" <<'PY'
import sqlite3
import sys

source = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
target = sqlite3.connect(sys.argv[2])
source.backup(target)
check = target.execute("PRAGMA integrity_check").fetchone()[0]
if check != "ok":
    sys.exit(f"backup.sh: the copy fails SQLite's integrity check: {check}")
PY
fi

# 2. The media: originals, renditions and documents, as they are on disk.
mkdir media
if [ -d "$media_root" ]; then
  cp -a "$media_root/." media/
fi

# 3. The manifest, then a checksum for every file (the manifest's included).
commit=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
"$python" - "$engine" "$database_file" "$stamp" "$commit" >manifest.json <<'PY'
import json
import os
import platform
import sys
from pathlib import Path

engine, database_file, stamp, commit = sys.argv[1:]
media = [p for p in Path("media").rglob("*") if p.is_file()]
manifest = {
    "format": "portal-backup 1",
    "created": stamp,
    "host": platform.node(),
    "code_commit": commit,
    "database": {"engine": engine, "file": database_file, "bytes": os.path.getsize(database_file)},
    "media": {"files": len(media), "bytes": sum(p.stat().st_size for p in media)},
}
print(json.dumps(manifest, indent=2))
PY
find . -type f ! -name SHA256SUMS -printf '%P\0' | sort -z | xargs -0 -r sha256sum >SHA256SUMS

cd "$work"
tar -czf "$output/$name.tar.gz.partial" "$name"
mv "$output/$name.tar.gz.partial" "$output/$name.tar.gz"
echo "$output/$name.tar.gz"
