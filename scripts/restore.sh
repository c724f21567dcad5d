#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database and the media files.
#
#   scripts/restore.sh ARCHIVE [--force]
#
# Restores into what DATABASE_URL and MEDIA_ROOT name (defaults as in config/settings/base.py),
# which must be of the engine the backup was made from. Checks every file's checksum first and
# stops, changing nothing, if one is missing, extra or different. Refuses to overwrite an
# existing database or a non-empty media directory unless --force: then the old SQLite file and
# media directory are kept beside the new ones (*.replaced-<time>) and a PostgreSQL database's
# tables are dropped and restored in one transaction. Stop the site (or put it in maintenance)
# while restoring, then empty the page cache: manage.py purge_page_cache. See docs/backup.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
archive=""
force=false
while [ $# -gt 0 ]; do
  case "$1" in
    --force) force=true; shift ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "restore.sh: unknown option $1" >&2; exit 2 ;;
    *) archive=$1; shift ;;
  esac
done
[ -n "$archive" ] || { echo "usage: scripts/restore.sh ARCHIVE [--force]" >&2; exit 2; }
[ -f "$archive" ] || { echo "restore.sh: no archive at $archive" >&2; exit 1; }
archive=$(realpath "$archive")

database_url=${DATABASE_URL:-sqlite:///$root/db.sqlite3}
media_root=$(realpath -m "${MEDIA_ROOT:-$root/media}")
python=${PYTHON:-python3}
stamp=$(date -u +%Y%m%dT%H%M%SZ)

pg_tool() {
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$newest" ] && [ -x "$newest/$1" ]; then echo "$newest/$1"; else command -v "$1"; fi
}

case "$database_url" in
  postgres://* | postgresql://* | pgsql://*)
    engine=postgresql
    pg_url=postgresql://${database_url#*://}
    ;;
  sqlite://*)
    engine=sqlite
    sqlite_file=$(realpath -m "${database_url#sqlite:///}")
    ;;
  *)
    echo "restore.sh: cannot restore into a ${database_url%%:*} database" >&2
    exit 1
    ;;
esac

# 1. Unpack beside the target (same file system: the final moves are renames) and check.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive" -C "$work"
shopt -s nullglob
unpacked=("$work"/portal-backup-*/)
[ ${#unpacked[@]} -eq 1 ] || { echo "restore.sh: not a portal backup: $archive" >&2; exit 1; }
cd "${unpacked[0]}"
[ -f SHA256SUMS ] && [ -f manifest.json ] || {
  echo "restore.sh: the archive has no SHA256SUMS or manifest.json" >&2
  exit 1
}
if ! sha256sum --check --quiet --strict SHA256SUMS; then
  echo "restore.sh: checksums do not match: the archive is damaged. Nothing was changed." >&2
  exit 1
fi
listed=$(sed -E 's/^[0-9a-f]{64}  //' SHA256SUMS | sort)
present=$(find . -type f ! -name SHA256SUMS -printf '%P\n' | sort)
if [ "$listed" != "$present" ]; then
  echo "restore.sh: the archive holds files its checksums do not list. Nothing was changed." >&2
  exit 1
fi
read -r backup_engine database_file < <("$python" -c '
import json
manifest = json.load(open("manifest.json"))
print(manifest["database"]["engine"], manifest["database"]["file"])')
if [ "$backup_engine" != "$engine" ]; then
  echo "restore.sh: the backup is of a $backup_engine database; DATABASE_URL names $engine." >&2
  exit 1
fi

# 2. Refuse to overwrite, unless told to.
media_in_use=false
if [ -d "$media_root" ] && [ -n "$(ls -A "$media_root")" ]; then media_in_use=true; fi
if [ "$engine" = sqlite ]; then
  database_in_use=$([ -e "$sqlite_file" ] && echo true || echo false)
else
  tables=$("$(pg_tool psql)" "$pg_url" -Atqc \
    "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
  database_in_use=$([ "$tables" -gt 0 ] && echo true || echo false)
fi
if ! $force && { $database_in_use || $media_in_use; }; then
  echo "restore.sh: the database or MEDIA_ROOT already holds data; --force replaces it." >&2
  exit 1
fi

# 3. The database.
if [ "$engine" = sqlite ]; then
  mkdir -p "$(dirname "$sqlite_file")"
  cp "$database_file" "$sqlite_file.restoring"
  if [ -e "$sqlite_file" ]; then
    mv "$sqlite_file" "$sqlite_file.replaced-$stamp"
    echo "The database it replaces: $sqlite_file.replaced-$stamp"
  fi
  mv "$sqlite_file.restoring" "$sqlite_file"
else
  "$(pg_tool pg_restore)" --clean --if-exists --no-owner --no-privileges --exit-on-error \
    --single-transaction --dbname="$pg_url" "$database_file"
fi

# 4. The media.
mkdir -p "$(dirname "$media_root")"
cp -a media "$media_root.restoring-$stamp"
if [ -e "$media_root" ]; then
  if $media_in_use; then
    mv "$media_root" "$media_root.replaced-$stamp"
    echo "The media it replaces: $media_root.replaced-$stamp"
  else
    rmdir "$media_root"
  fi
fi
mv "$media_root.restoring-$stamp" "$media_root"

echo "Restored $(basename "$archive") into the $engine database and $media_root."
echo "Next: empty the page cache (manage.py purge_page_cache) and start the site."
