"""nginx in front of the app servers, with the configuration the repository ships
(deploy/nginx/portal.conf in deploy/nginx/standalone.conf): for the system tests, `make bench
--nodes 2` and `make soak NODES=2`.

Run as an unprivileged process from a temporary directory of its own (-p, -c, -e; the pid, the
logs and the temporary files in it): as www-data when we are root, so the static and media
directories it serves must be readable by others (`readable_dir`).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "nginx"
USER = "www-data"


def nginx_bin():
    """Debian's nginx (`make system-deps` installs nginx-light), in /usr/sbin: not on every PATH."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found is None:
        raise RuntimeError("nginx is missing: `make system-deps` installs it (nginx-light)")
    return found


def readable_dir(prefix):
    """A temporary directory others may read, for the files nginx serves."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render(template, values):
    """The template with its @NAME@ placeholders filled in (its comments left as they are)."""
    lines = []
    for line in template.read_text().splitlines():
        filled = line
        if not line.lstrip().startswith("#"):
            for name, value in values.items():
                filled = filled.replace(f"@{name}@", value)
            assert not re.search(r"@[A-Z_]+@", filled), f"{template.name}: {line}"
        lines.append(filled)
    return "\n".join(lines) + "\n"


class Nginx:
    """nginx on 127.0.0.1:`port`, passing requests to gunicorn on `upstream_ports`.

    `forwarded_proto`: what nginx tells the app about the scheme. The tests play a TLS-terminating
    load balancer in front (they send X-Forwarded-Proto: https, as tests/support/scratch_site.py's
    Browser does), hence `$http_x_forwarded_proto`; nginx facing visitors itself uses `$scheme`."""

    def __init__(
        self, upstream_ports, static_root, media_root, forwarded_proto="$http_x_forwarded_proto"
    ):
        self.dir = readable_dir("portal-nginx.")
        self.port = free_port()
        upstreams = "\n    ".join(
            f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in upstream_ports
        )
        values = {
            "LISTEN": f"127.0.0.1:{self.port}",
            "SERVER_NAME": "_",
            "UPSTREAMS": upstreams,
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(media_root),
            "FORWARDED_PROTO": forwarded_proto,
            "DIR": str(self.dir),
        }
        (self.dir / "portal.conf").write_text(render(CONFIG / "portal.conf", values))
        (self.dir / "nginx.conf").write_text(render(CONFIG / "standalone.conf", values))
        self.as_user = []
        if os.getuid() == 0:  # nginx's workers would otherwise be nobody's, its master root's
            shutil.chown(self.dir, USER, USER)
            self.as_user = ["runuser", "-u", USER, "--"]
        self.process = None

    def command(self, *extra):
        conf = str(self.dir / "nginx.conf")
        prefix, errors = f"{self.dir}/", str(self.dir / "error.log")
        return [*self.as_user, nginx_bin(), "-p", prefix, "-c", conf, "-e", errors, *extra]

    def check(self):
        """`nginx -t`: the configuration is valid."""
        result = subprocess.run(self.command("-t"), capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        return result.stderr

    def start(self):
        self.process = subprocess.Popen(
            self.command(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while True:
            assert self.process.poll() is None, self.log()
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start: " + self.log()
                time.sleep(0.05)

    def log(self):
        path = self.dir / "error.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def access_log(self):
        path = self.dir / "access.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # nginx's fast shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def destroy(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
