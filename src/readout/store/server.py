"""Run the `oxigraph` HTTP server (from the PyPI package `oxigraph`) as a child process.

`OxigraphServer(location, read_only=True)` starts it on 127.0.0.1 on a free port, waits
until it answers, and stops it with SIGTERM (the server ignores Ctrl-C's SIGINT when it is
not in the terminal's process group, which is where we put it). On Linux the child also
receives SIGTERM if this process dies, so no server is left behind.

    with OxigraphServer(store_dir) as server:
        requests.get(server.query_url, params={"query": "ASK {}"})
"""
from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from readout.errors import EndpointError, StoreError

HOST = "127.0.0.1"


def oxigraph_binary() -> str:
    """The `oxigraph` command: beside this Python first (a virtualenv), then on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise EndpointError("the 'oxigraph' server command is not installed; "
                            "run 'pip install oxigraph' in readout's environment")
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """An `oxigraph serve` (read-write) or `serve-read-only` process on 127.0.0.1.

    `location` is the store directory; read-only mode needs an existing store and
    must not run beside a process that writes it (pyoxigraph holds a lock while a
    Store is open for writing). Queries see the union of all graphs by default,
    like `readout query` on the embedded store.
    """

    def __init__(self, location: Path, read_only: bool = True, port: int | None = None,
                 union_default_graph: bool = True, startup_timeout: float = 20.0,
                 query_timeout: int | None = None):
        self.location = Path(location)
        self.read_only = read_only
        self.port = port
        self.union_default_graph = union_default_graph
        self.startup_timeout = startup_timeout
        self.query_timeout = query_timeout
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        """The SPARQL 1.1 Graph Store HTTP Protocol endpoint."""
        return f"{self.url}/store"

    def command(self) -> list[str]:
        mode = "serve-read-only" if self.read_only else "serve"
        cmd = [oxigraph_binary(), mode, "--location", str(self.location),
               "--bind", f"{HOST}:{self.port}"]
        if self.union_default_graph:
            cmd.append("--union-default-graph")
        if self.query_timeout:
            cmd += ["--timeout-s", str(self.query_timeout)]
        return cmd

    def start(self) -> "OxigraphServer":
        if self.process is not None:
            return self
        if self.read_only and not self.location.is_dir():
            raise StoreError(f"no store at {self.location}; run 'readout build' first or pass --store DIR")
        chosen = self.port
        if chosen and _listening(chosen):
            raise EndpointError(f"port {chosen} on {HOST} is already in use; choose another with --port")
        for _attempt in range(3):  # a free port can be taken between choosing and binding
            self.port = chosen or free_port()
            self._log = tempfile.TemporaryFile()
            self.process = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
                start_new_session=True, preexec_fn=_die_with_parent)
            try:
                if self._wait_until_up():
                    return self
            except BaseException:  # Ctrl-C while waiting: leave no server behind
                self._terminate()
                raise
            message = self.output()
            self._terminate()
            if chosen or "in use" not in message.lower():
                break
        raise EndpointError(f"the oxigraph server did not start on {HOST}:{self.port}"
                            f" ({_last_line(message) or 'no output'}); check the store directory "
                            f"{self.location} is not open in another process")

    def _wait_until_up(self) -> bool:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"{self.query_url}?query=ASK%7B%7D", timeout=2) as reply:
                    if reply.status == 200:
                        return self.process.poll() is None
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
        return False

    def output(self) -> str:
        """What the server printed so far (its log)."""
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def _terminate(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def stop(self) -> None:
        """Send SIGTERM and wait until the process has gone (SIGKILL after 10 s)."""
        self._terminate()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait(self) -> int:
        """Block until the server exits on its own; returns its exit code."""
        return self.process.wait() if self.process is not None else 0

    def __enter__(self) -> "OxigraphServer":
        return self.start()

    def __exit__(self, *exc) -> bool:
        self.stop()
        return False


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to SIGTERM it when the parent dies."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except OSError:
            pass


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex((HOST, port)) == 0


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""
