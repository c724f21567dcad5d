"""A redis-server of the tests' own (tests/portal/test_redis_outage.py, test_two_nodes.py, and
bench/soak.py's Redis fault), started and stopped at will."""

import shutil
import subprocess
import tempfile
import time
from pathlib import Path


class PrivateRedis:
    """redis-server on a Unix socket in a temp dir; with `persist`, it saves its data when it
    stops and loads it when it starts again (as a Redis with persistence does)."""

    def __init__(self, persist=True):
        self.persist = persist
        self.dir = Path(tempfile.mkdtemp(prefix="portal-redis."))
        self.socket = self.dir / "redis.sock"
        self.url = f"unix://{self.socket}"
        self.process = None

    def start(self):
        command = ["redis-server", "--port", "0", "--unixsocket", str(self.socket)]
        command += ["--unixsocketperm", "700", "--dir", str(self.dir)]
        command += ["--save", "3600 1" if self.persist else ""]
        command += ["--appendonly", "no", "--logfile", str(self.dir / "redis.log")]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self.answers():
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def answers(self):
        result = subprocess.run(
            ["redis-cli", "-s", str(self.socket), "ping"], capture_output=True, check=False
        )
        return result.stdout.strip() == b"PONG"

    def stop(self):
        """Shut down as an operator would (SIGTERM): the data is saved, the socket goes away."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def destroy(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
