"""Scratch portals for the tests that cannot use the tests' own database.

- A private PostgreSQL server, and the portal served on it by gunicorn with production settings,
  for the tests that stop the database, make it read-only or kill a worker (test_faults.py,
  test_worker_kill.py). The server is started the way scripts/with-postgres.sh starts one
  (initdb in a temporary directory, a Unix socket only, run as the postgres user when we are
  root).
- The demo portal in a scratch SQLite file with its media on disk, for the backup round trip
  (test_backup.py).

Tables are created from the models, as pytest-django's --no-migrations does (running the
migrations takes a minute on PostgreSQL), with what Wagtail's data migrations would add.
"""

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
from bs4 import BeautifulSoup

from tests.support.production import production_env

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "faults-admin-pass-71"  # noqa: S105 (a throwaway server)


def postgres_bin():
    """PostgreSQL's programs; installed with apt-get when missing, as scripts/with-postgres.sh
    does (the two passes of `make test` may both get here first: apt waits for its lock)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "-o", "DPkg::Lock::Timeout=600", "postgresql"],
            check=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            stdout=subprocess.DEVNULL,
        )
        return postgres_bin()
    return found[-1].parent


class PrivatePostgres:
    """initdb, start, stop and start again: a server of our own, on a socket in a temp dir."""

    def __init__(self):
        self.bin = postgres_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="portal-pg-faults."))
        self.as_postgres = []
        if os.getuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.dir, "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.dir.chmod(0o755)
        self.data = self.dir / "data"
        self.url = f"postgres://portal@{str(self.dir).replace('/', '%2F')}/portal"

    def run(self, program, *args):
        subprocess.run(
            [*self.as_postgres, str(self.bin / program), *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def create(self):
        self.run("initdb", "-D", str(self.data), "-U", "portal", "-A", "trust", "-E", "UTF8")
        self.start()
        self.run("createdb", "-h", str(self.dir), "-U", "portal", "portal")

    def start(self):
        options = (
            f"-k {self.dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off"
        )
        log = str(self.dir / "server.log")
        self.run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")

    def stop(self):
        """Shut down as an operator would: sessions are ended, the socket goes away."""
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def connect(self):
        return psycopg.connect(host=str(self.dir), user="portal", dbname="portal", autocommit=True)

    def set_read_only(self, on):
        """The whole server read-only (as a standby or a full disk's operator would make it),
        applied to open sessions too."""
        with self.connect() as conn:
            loaded = conn.execute("SELECT pg_conf_load_time()").fetchone()[0]
            if on:
                conn.execute("ALTER SYSTEM SET default_transaction_read_only = on")
            else:
                conn.execute("ALTER SYSTEM RESET default_transaction_read_only")
            conn.execute("SELECT pg_reload_conf()")
        # pg_reload_conf() only asks the postmaster to reload: wait until it has (a new session
        # reports its load time), by when it has signalled every open session, which then
        # rereads the setting before its next statement.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with self.connect() as conn:
                if conn.execute("SELECT pg_conf_load_time()").fetchone()[0] > loaded:
                    return
            time.sleep(0.05)
        raise TimeoutError("PostgreSQL did not reload its configuration")

    def destroy(self):
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


# Run in a subprocess with the production settings, on a scratch database: the tables, straight
# from the models, and what Wagtail's migrations would have added (the default locale, the root
# page and collection).
EMPTY_PORTAL = """
import json

import django

django.setup()

from django.conf import settings


class NoMigrations:
    def __contains__(self, app):
        return True

    def __getitem__(self, app):
        return None


settings.MIGRATION_MODULES = NoMigrations()

from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Collection, Locale, Page, Site

call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)
Locale.objects.create(language_code=settings.LANGUAGE_CODE)
Collection.add_root(name="Root")
root = Page.add_root(instance=Page(title="Root", slug="root"))
"""

# ...then a small portal; prints the ids the tests need, as JSON.
SMALL_PORTAL = """
from tests.support import factories as f

home = f.HomePageFactory(parent=root, title="Home", slug="home")
Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
about = f.StandardPageFactory(parent=home, title="About us", slug="about")
contact = f.StandardPageFactory(parent=home, title="Contact", slug="contact")
office = f.OfficeFactory(name_en="Norway", country="NO", city_en="Oslo")
get_user_model().objects.create_superuser("admin", "admin@example.org", "{password}")
ids = {{"home": home.pk, "about": about.pk, "contact": contact.pk, "office": office.pk}}
print(json.dumps(ids))
"""

# ...or the demo portal.
DEMO_PORTAL = """
call_command("load_demo", verbosity=0)
print(json.dumps({}))
"""


def run_script(env, script):
    result = subprocess.run(
        [sys.executable, "-c", script],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def build_site(env):
    """A small portal on a scratch database. Returns the ids of what it made."""
    return run_script(env, EMPTY_PORTAL + SMALL_PORTAL.format(password=ADMIN_PASSWORD))


def build_with_static(postgres, env):
    """Create the database and build the small site in it, while collectstatic runs (production's
    static storage needs its manifest); the site's ids."""
    collect = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    postgres.create()
    ids = build_site(env)
    _, errors = collect.communicate(timeout=300)
    assert collect.returncode == 0, errors[-3000:]
    return ids


def build_demo(env):
    """The demo portal (manage.py load_demo) on a scratch database."""
    run_script(env, EMPTY_PORTAL + DEMO_PORTAL)


def site_env(database_url, tmp):
    """The environment of production on the private server; the page cache in files under tmp."""
    return production_env(
        tmp, database_url, ALLOWED_HOSTS="127.0.0.1", LOG_LEVEL="ERROR", PYTHONWARNINGS="ignore"
    )


# Each worker names its database sessions after its process id (libpq reads PGAPPNAME), so a
# test can tell from pg_stat_activity which worker is doing what.
GUNICORN_CONFIG = """
import os


def post_fork(server, worker):
    from django.db import connections

    os.environ["PGAPPNAME"] = f"portal-worker-{os.getpid()}"
    connections.close_all()
"""


class LivePortal:
    """The portal under gunicorn (production settings, 2 workers, the page cache on) on a
    private PostgreSQL server, shared by the test modules of one run: building it takes a while.
    Each test leaves it running, the database writable and started."""

    _shared = None
    _users = 0

    @classmethod
    def acquire(cls, tmp_path_factory):
        if cls._shared is None:
            cls._shared = cls(tmp_path_factory.mktemp("live-portal"))
        cls._users += 1
        return cls._shared

    @classmethod
    def release(cls):
        cls._users -= 1
        if cls._users == 0 and cls._shared is not None:
            cls._shared.destroy()
            cls._shared = None

    def __init__(self, tmp):
        self.tmp = tmp
        self.postgres = PrivatePostgres()
        self.server = None
        try:
            env = site_env(self.postgres.url, tmp)
            self.ids = build_with_static(self.postgres, env)
            config = tmp / "gunicorn.conf.py"
            config.write_text(GUNICORN_CONFIG)
            self.server = Gunicorn(env, tmp, workers=2, config=config)
            self.server.start()
        except BaseException:
            self.destroy()
            raise

    def destroy(self):
        if self.server is not None:
            self.server.stop()
        self.postgres.destroy()

    def browser(self):
        return Browser(self.server.port)

    def table_rows(self, tables=None):
        """Every row of these tables (of every table), read straight from the server."""
        with self.postgres.connect() as conn:
            if tables is None:
                tables = [
                    row[0]
                    for row in conn.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    )
                ]
            return {
                table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)  # noqa: S608
                for table in sorted(tables)
            }


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn in its own process group; the master restarts a worker that dies."""

    def __init__(self, env, tmp, workers=2, config=None):
        self.env, self.tmp, self.workers, self.config = env, tmp, workers, config
        self.port = free_port()
        self.process = None

    def start(self):
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--preload"]
        command += ["-b", f"127.0.0.1:{self.port}", "-w", str(self.workers), "--timeout", "60"]
        if self.config:
            command += ["-c", str(self.config)]
        self.log = open(self.tmp / "gunicorn.log", "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while len(self.worker_pids()) < self.workers or not self.answers():
            assert self.process.poll() is None, self.log_text()
            assert time.monotonic() < deadline, "gunicorn did not start in 60 s"
            time.sleep(0.2)

    def answers(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            return True
        except OSError:
            return False

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def log_text(self):
        return (self.tmp / "gunicorn.log").read_text(errors="replace")[-3000:]

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGQUIT)  # gunicorn's quick shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


class Response:
    def __init__(self, status, headers, body, seconds):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class Browser:
    """Just enough of a browser for the admin behind an HTTPS load balancer: cookies (Secure
    ones included: X-Forwarded-Proto says https), the CSRF token, forms."""

    def __init__(self, port):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies = {}

    def request(self, method, path, data=None, timeout=30):
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(response.status, response.headers, content, time.monotonic() - started)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data=data, **kwargs)

    def login(self, username="admin", password=ADMIN_PASSWORD):
        form = form_data(self.get("/admin/login/").text)
        response = self.post("/admin/login/", {**form, "username": username, "password": password})
        assert response.status == 302, response.text[-2000:]


# Stream fields are drawn by the admin's JavaScript: their inputs are not in the HTML.
STREAM_FIELD = re.compile(
    r'"fieldName": "(\w+)", "widget": \{"_type": "wagtail\.widgets\.BlockWidget"'
)


def form_data(html, form_id=None):
    """What a browser would post from the page's form (the admin's editor form, or the only POST
    form): text, hidden, checked boxes, selected options, text areas; empty stream fields."""
    soup = BeautifulSoup(html, "html.parser")
    if form_id:
        form = soup.find("form", id=form_id)
    else:
        form = next(f for f in soup.find_all("form") if f.get("method", "").lower() == "post")
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            data.setdefault(name, []).append(field.text)
        elif field.name == "select":
            chosen = [
                o.get("value", o.text) for o in field.find_all("option") if o.has_attr("selected")
            ]
            data.setdefault(name, []).extend(chosen)
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.get("type") not in ("submit", "button", "file", "image"):
            data.setdefault(name, []).append(field.get("value", ""))
    for name in STREAM_FIELD.findall(html):
        data[f"{name}-count"] = ["0"]
    return {name: values if len(values) != 1 else values[0] for name, values in data.items()}
