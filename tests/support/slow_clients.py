"""Slow clients, as a slowloris attack or a bad mobile link makes them: connections that send a
request's headers one line a second and never end them (tests/portal/test_two_nodes.py,
bench/slow_clients.py)."""

import contextlib
import http.client
import socket
import threading
import time


class SlowClients:
    """`count` connections that send a request's headers one line a second, never ending them."""

    def __init__(self, port, count):
        self.sockets = []
        for _ in range(count):
            conn = socket.create_connection(("127.0.0.1", port), timeout=5)
            conn.sendall(b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            self.sockets.append(conn)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.trickle, daemon=True)
        self.thread.start()

    def trickle(self):
        n = 0
        while not self.stop.wait(1):
            n += 1
            for conn in self.sockets:
                with contextlib.suppress(OSError):  # nginx may drop it: then it is not a worry
                    conn.sendall(f"X-Slow-{n}: {n}\r\n".encode())

    def close(self):
        self.stop.set()
        self.thread.join()
        for conn in self.sockets:
            conn.close()


def timed_get(port, path, timeout):
    """Seconds a normal visitor waits for `path` (None: no answer within `timeout`)."""
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https"}
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
    except TimeoutError:
        return None
    finally:
        conn.close()
    assert response.status == 200
    return time.monotonic() - started
