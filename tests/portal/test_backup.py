"""Backup and restore (scripts/backup.sh, scripts/restore.sh): a round trip gives back every row
and every media file, a damaged archive is refused, nothing is overwritten unasked.

The demo portal is loaded into a scratch SQLite file with its media in a temporary directory
(tests/support/scratch_site.py), backed up, wiped and restored somewhere else; then every row of
every table (pages with all their language fields, revisions, offices, partners, objectives,
country actions, images and documents, the sequences) and the checksum of every media file are
compared. The PostgreSQL path (pg_dump, pg_restore) makes the same round trip on the private
server of the fault tests.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.support.scratch_site import ROOT, LivePortal, build_demo, site_env

pytestmark = [pytest.mark.system, pytest.mark.once]

BACKUP = ROOT / "scripts" / "backup.sh"
RESTORE = ROOT / "scripts" / "restore.sh"

# What the comparison must cover: each of these holds rows in the demo.
CONTENT_TABLES = [
    "wagtailcore_page",
    "wagtailcore_revision",
    "portal_homepage",
    "portal_articlepage",
    "portal_standardpage",
    "offices_office",
    "offices_partner",
    "offices_programmepage",
    "compact_objective",
    "compact_countryaction",
    "wagtailimages_image",
    "wagtaildocs_document",
    "taggit_tag",
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo portal: a SQLite file and a media directory."""
    tmp = tmp_path_factory.mktemp("backup-demo")
    env = site_env(f"sqlite:///{tmp / 'portal.sqlite3'}", tmp)
    build_demo(env)
    return tmp, env


def run(script, env, *args, check=True):
    result = subprocess.run(
        [str(script), *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def sqlite_rows(path):
    """Every row of every table (sqlite_sequence included: the next ids)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)  # noqa: S608
            for table in sorted(tables)
        }
    finally:
        conn.close()


def media_checksums(root):
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(Path(root).rglob("*"))
        if path.is_file()
    }


def columns(path, table):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
    finally:
        conn.close()


def test_round_trip_gives_back_every_row_and_file(demo, tmp_path):
    source, env = demo
    database = source / "portal.sqlite3"
    rows, media = sqlite_rows(database), media_checksums(source / "media")
    # The demo has what the comparison is about: content in several languages, revisions,
    # structured data, images and documents with their files.
    for table in CONTENT_TABLES:
        assert rows[table], f"the demo has no rows in {table}"
    page_columns = columns(database, "wagtailcore_page")
    for lang in ["en", "fr", "nb", "fi"]:
        title = page_columns.index(f"title_{lang}")
        assert sum(1 for row in rows["wagtailcore_page"] if row[title]) > 10, lang
    assert any(name.startswith("original_images/") for name in media)
    assert any(name.startswith("documents/") for name in media)

    archive = Path(run(BACKUP, env, "--output", str(tmp_path / "backups")).stdout.split()[-1])
    assert archive.name.startswith("portal-backup-") and archive.name.endswith(".tar.gz")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # it holds the editors' accounts
    with tarfile.open(archive) as tar:
        (top,) = {name.split("/")[0] for name in tar.getnames()}
        manifest = json.load(tar.extractfile(f"{top}/manifest.json"))
        sums = tar.extractfile(f"{top}/SHA256SUMS").read().decode()
    assert manifest["database"] == {
        "engine": "sqlite",
        "file": "database.sqlite3",
        "bytes": manifest["database"]["bytes"],
    }
    assert manifest["media"]["files"] == len(media)
    assert len(sums.splitlines()) == len(media) + 2  # the media, the database, the manifest

    # Lost: the database and the media are gone. Restored somewhere else.
    database.unlink()
    os.rename(source / "media", tmp_path / "media-lost")
    target = tmp_path / "restored"
    restore_env = {
        **env,
        "DATABASE_URL": f"sqlite:///{target / 'portal.sqlite3'}",
        "MEDIA_ROOT": str(target / "media"),
    }
    run(RESTORE, restore_env, str(archive))

    restored_rows = sqlite_rows(target / "portal.sqlite3")
    assert restored_rows.keys() == rows.keys()
    for table in rows:
        assert restored_rows[table] == rows[table], table
    assert media_checksums(target / "media") == media

    # Put the demo back for the other tests of the module.
    os.rename(target / "portal.sqlite3", database)
    os.rename(tmp_path / "media-lost", source / "media")


@pytest.fixture(scope="module")
def archive(demo, tmp_path_factory):
    _source, env = demo
    out = tmp_path_factory.mktemp("backups")
    return Path(run(BACKUP, env, "--output", str(out)).stdout.split()[-1])


def rewrite(archive, path, change):
    """A copy of the archive with one member changed (change(bytes) -> bytes, or None to add a
    member that the checksums do not list)."""
    damaged = archive.with_name("damaged-" + archive.name)
    with tarfile.open(archive) as old, tarfile.open(damaged, "w:gz") as new:
        top = old.getnames()[0].split("/")[0]
        for member in old.getmembers():
            data = old.extractfile(member).read() if member.isfile() else None
            if member.name == f"{top}/{path}" and change is not None:
                data = change(data)
                member.size = len(data)
            new.addfile(member, io.BytesIO(data) if data is not None else None)
        if change is None:
            extra = tarfile.TarInfo(f"{top}/{path}")
            extra.size = 4
            new.addfile(extra, io.BytesIO(b"evil"))
    return damaged


@pytest.mark.parametrize(
    ("member", "change"),
    [
        ("database.sqlite3", lambda data: data[:-1] + bytes([data[-1] ^ 1])),
        ("manifest.json", lambda data: data.replace(b'"sqlite"', b'"sqlite" ')),
        ("media/original_images/unlisted.png", None),
    ],
    ids=["database changed", "manifest changed", "file added"],
)
def test_damaged_archive_is_refused_and_nothing_is_written(demo, archive, tmp_path, member, change):
    _source, env = demo
    damaged = rewrite(archive, member, change)
    target_env = {
        **env,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = run(RESTORE, target_env, str(damaged), check=False)
    assert result.returncode != 0
    assert "Nothing was changed" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_restore_does_not_overwrite_unless_forced(demo, archive, tmp_path):
    _source, env = demo
    target = tmp_path / "site"
    target.mkdir()
    (target / "portal.sqlite3").write_bytes(b"the live database")
    target_env = {
        **env,
        "DATABASE_URL": f"sqlite:///{target / 'portal.sqlite3'}",
        "MEDIA_ROOT": str(target / "media"),
    }
    refused = run(RESTORE, target_env, str(archive), check=False)
    assert refused.returncode != 0
    assert (target / "portal.sqlite3").read_bytes() == b"the live database"

    run(RESTORE, target_env, str(archive), "--force")
    assert sqlite_rows(target / "portal.sqlite3")["wagtailcore_page"]
    (kept,) = target.glob("portal.sqlite3.replaced-*")
    assert kept.read_bytes() == b"the live database"


def test_a_backup_of_one_engine_does_not_restore_into_another(demo, archive, tmp_path):
    _source, env = demo
    target_env = {**env, "DATABASE_URL": "postgres://portal@%2Fnowhere/portal"}
    result = run(RESTORE, target_env, str(archive), check=False)
    assert result.returncode != 0
    assert "the backup is of a sqlite database" in result.stderr


# PostgreSQL


@pytest.fixture(scope="session")
def live_portal(tmp_path_factory):
    yield LivePortal.acquire(tmp_path_factory)
    LivePortal.release()


def postgres_rows(postgres, dbname):
    """Every row of every table, and where every sequence stands."""
    import psycopg

    with psycopg.connect(host=str(postgres.dir), user="portal", dbname=dbname) as conn:
        tables = [
            row[0]
            for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        rows = {
            table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)  # noqa: S608
            for table in sorted(tables)
        }
        sequences = dict(
            conn.execute("SELECT sequencename, last_value FROM pg_sequences").fetchall()
        )
    return rows, sequences


def test_postgresql_round_trip(live_portal, tmp_path):
    postgres = live_portal.postgres
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "harbour.jpg").write_bytes(os.urandom(2048))
    (media / "documents").mkdir()
    (media / "documents" / "report.pdf").write_bytes(b"%PDF-1.4 report")
    env = {**os.environ, "DATABASE_URL": postgres.url, "MEDIA_ROOT": str(media)}
    before = postgres_rows(postgres, "portal")
    assert before[0]["wagtailcore_page"] and before[0]["offices_office"]

    archive = Path(run(BACKUP, env, "--output", str(tmp_path / "backups")).stdout.split()[-1])
    with postgres.connect() as conn:
        conn.execute("DROP DATABASE IF EXISTS restored")
        conn.execute("CREATE DATABASE restored")
    try:
        restore_env = {
            **env,
            "DATABASE_URL": postgres.url.rsplit("/", 1)[0] + "/restored",
            "MEDIA_ROOT": str(tmp_path / "restored-media"),
        }
        run(RESTORE, restore_env, str(archive))
        assert postgres_rows(postgres, "restored") == before
        assert media_checksums(tmp_path / "restored-media") == media_checksums(media)
        # Restoring again over it needs --force, and gives the same.
        assert run(RESTORE, restore_env, str(archive), check=False).returncode != 0
        run(RESTORE, restore_env, str(archive), "--force")
        assert postgres_rows(postgres, "restored") == before
    finally:
        with postgres.connect() as conn:
            conn.execute("DROP DATABASE IF EXISTS restored")
