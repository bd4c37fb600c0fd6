"""`readout load` over the Graph Store Protocol: a real oxigraph server on 127.0.0.1, and tiny
local servers that misbehave the ways real ones do (gone, dropping the connection, asking for
a password, never answering)."""
from __future__ import annotations

import base64
import http.server
import json
import socket
import threading
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from readout import api
from readout.store import queries
from readout.cli import main
from readout.errors import EndpointError
from readout.store.gsp import GraphStore
from readout.store.server import OxigraphServer, free_port

EX = "http://example.org/"


def run(*args, env=None, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, input=input, catch_exceptions=False)


def error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines, "expected a message on stderr"
    return lines[-1]


@pytest.fixture
def small_store(tmp_path):
    """Two named graphs sharing one triple, three triples in all."""
    path = tmp_path / "small"
    db = ox.Store(str(path))
    s, p = ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p")
    for graph, values in (("g1", ["a", "shared"]), ("g2", ["shared"])):
        for value in values:
            db.add(ox.Quad(s, p, ox.Literal(value), ox.NamedNode(EX + graph)))
    db.flush()
    del db
    return path


def _count(server: OxigraphServer, where: str) -> list[tuple[str, str]]:
    query = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ {where} }} GROUP BY ?g ORDER BY ?g"
    request = urllib.request.Request(f"{server.query_url}?{urllib.parse.urlencode({'query': query})}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as reply:
        rows = json.load(reply)["results"]["bindings"]
    return [(r.get("g", {}).get("value", ""), r["n"]["value"]) for r in rows]


# A real oxigraph server ------------------------------------------------------------

def test_stored_queries_give_the_same_rows_on_the_server_as_on_the_embedded_store(bundled_store, tmp_path):
    with OxigraphServer(tmp_path / "server", read_only=False) as server:
        pid = server.process.pid
        loaded = run("load", "--store", bundled_store, "--endpoint", server.store_url)
        assert loaded.exit_code == 0, loaded.output
        assert "Loaded" in loaded.stdout and server.store_url in loaded.stdout
        names = list(queries.stored())
        assert names
        for name in names:
            local = api.query(bundled_store, name)
            remote = api.query(None, name, endpoint=server.query_url)
            assert remote.columns == local.columns, name
            assert sorted(remote.values()) == sorted(local.values()), name
            assert local.values() or name, name
            cli = run("query", name, "--endpoint", server.query_url, "--format", "csv")
            assert cli.exit_code == 0, cli.output
            assert cli.stdout == local.render("csv") + "\n" or sorted(cli.stdout.splitlines()) == \
                sorted((local.render("csv") + "\n").splitlines()), name
    with pytest.raises(FileNotFoundError):
        open(f"/proc/{pid}/cmdline").close()


def test_load_keeps_each_named_graph_and_replace_makes_a_second_load_change_nothing(small_store, tmp_path):
    with OxigraphServer(tmp_path / "server", read_only=False) as server:
        for _ in range(2):
            result = run("load", "--store", small_store, "--endpoint", server.store_url, "--replace")
            assert result.exit_code == 0, result.output
            assert "Loaded 2 graph(s), 3 triples" in result.stdout and "replaced (PUT)" in result.stdout
            assert _count(server, "GRAPH ?g { ?s ?p ?o }") == [(EX + "g1", "2"), (EX + "g2", "1")]


def test_load_into_one_graph_merges_the_named_graphs(small_store, tmp_path):
    with OxigraphServer(tmp_path / "server", read_only=False) as server:
        result = run("load", "--store", small_store, "--endpoint", server.store_url, "--graph", EX + "all")
        assert result.exit_code == 0, result.output
        assert "Loaded 1 graph(s), 2 triples" in result.stdout and "added (POST)" in result.stdout
        assert _count(server, "GRAPH ?g { ?s ?p ?o }") == [(EX + "all", "2")]


def test_post_adds_to_what_the_server_already_holds(small_store, tmp_path):
    with OxigraphServer(tmp_path / "server", read_only=False) as server:
        extra = urllib.request.Request(f"{server.store_url}?graph={urllib.parse.quote(EX + 'g1')}",
                                       data=f"<{EX}x> <{EX}p> \"before\" .\n".encode(), method="PUT",
                                       headers={"Content-Type": "application/n-triples"})
        urllib.request.urlopen(extra, timeout=10).close()
        assert run("load", "--store", small_store, "--endpoint", server.store_url).exit_code == 0
        assert _count(server, "GRAPH ?g { ?s ?p ?o }") == [(EX + "g1", "3"), (EX + "g2", "1")]
        assert run("load", "--store", small_store, "--endpoint", server.store_url, "--replace").exit_code == 0
        assert _count(server, "GRAPH ?g { ?s ?p ?o }") == [(EX + "g1", "2"), (EX + "g2", "1")]


def test_server_not_running_is_a_clear_message_and_exit_2(small_store):
    result = run("load", "--store", small_store, "--endpoint", f"http://127.0.0.1:{free_port()}/store")
    assert result.exit_code == 2
    assert "connection refused" in error_line(result) and "is the server running?" in error_line(result)


def test_missing_store_is_exit_2(tmp_path):
    result = run("load", "--store", tmp_path / "absent", "--endpoint", "http://127.0.0.1:9/store")
    assert result.exit_code == 2 and "readout build" in error_line(result)


def test_wrong_endpoint_path_names_the_graph_store_endpoint(small_store, tmp_path):
    with OxigraphServer(tmp_path / "server", read_only=False) as server:
        result = run("load", "--store", small_store, "--endpoint", server.url + "/nothere")
    assert result.exit_code == 2
    assert "HTTP 404" in error_line(result) and "Graph Store endpoint" in error_line(result)


# Servers that misbehave -------------------------------------------------------------

class RawServer:
    """A socket server on 127.0.0.1: drops the first `drops` connections, answers the rest 204.

    With `silent`, it reads the request and never answers.
    """

    def __init__(self, drops: int, silent: bool = False):
        self.drops, self.silent, self.connections = drops, silent, 0
        self.bodies: list[bytes] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/store"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                if self.connections <= self.drops:
                    conn.recv(64)  # part of the request, then a reset mid-upload
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    continue
                head = b""
                while b"\r\n\r\n" not in head:
                    head += conn.recv(4096)
                head, body = head.split(b"\r\n\r\n", 1)
                length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                                  if line.lower().startswith(b"content-length")))
                while len(body) < length:
                    body += conn.recv(65536)
                self.bodies.append(body)
                if self.silent:
                    conn.recv(1)  # wait for the client to give up
                    continue
                conn.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")

    def load(self, store, *options):
        """`readout load` into this server, then close it."""
        try:
            return run("load", "--store", store, "--endpoint", self.url, *options)
        finally:
            self.sock.close()


def test_dropped_connection_of_a_put_is_retried_then_the_upload_succeeds(small_store):
    server = RawServer(drops=1)
    result = server.load(small_store, "--retries", "2", "--replace")
    assert result.exit_code == 0, result.output
    assert "1 retried request(s)" in result.stdout
    assert server.connections == 3  # g1 dropped once then sent, g2 sent
    assert b"\"a\"" in server.bodies[0] and b"\"shared\"" in server.bodies[1]


def test_a_post_whose_connection_dropped_is_not_sent_again(small_store):
    """The server may have applied it: a second POST would add its triples twice."""
    server = RawServer(drops=1)
    result = server.load(small_store, "--retries", "2")
    assert result.exit_code == 2
    assert server.connections == 1
    message = error_line(result)
    assert "a POST is not retried" in message and "No graph had reached the server" in message


def test_connection_dropped_every_time_gives_up_with_a_clear_message(small_store):
    server = RawServer(drops=100)
    result = server.load(small_store, "--retries", "2", "--replace")
    assert result.exit_code == 2
    assert server.connections == 3
    message = error_line(result)
    assert "dropped the connection 3 times" in message and EX + "g1" in message
    assert "run the same command again" in message


def test_server_that_never_answers_times_out(small_store):
    server = RawServer(drops=0, silent=True)
    result = server.load(small_store, "--timeout", "0.5")
    assert result.exit_code == 2
    assert "did not answer within 0.5 s" in error_line(result)


class LoopbackServer(http.server.ThreadingHTTPServer):
    """A real HTTP server on 127.0.0.1 serving a handler class in a thread (`with` stops it)."""

    def serve(self, handler: type[http.server.BaseHTTPRequestHandler], path: str = "/store") -> None:
        handler.log_message = lambda *args: None
        http.server.ThreadingHTTPServer.__init__(self, ("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}{path}"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


class AuthServer(LoopbackServer):
    """Demands HTTP Basic authentication as alice:secret (oxigraph has none)."""

    def __init__(self):
        expected = "Basic " + base64.b64encode(b"alice:secret").decode()
        received = self.received = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="test"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                received.append(body)
                self.send_response(204)
                self.end_headers()

            do_PUT = do_POST

        self.serve(Handler)


def test_wrong_password_is_a_clear_message_and_exit_2(small_store):
    with AuthServer() as server:
        result = run("load", "--store", small_store, "--endpoint", server.url, "--user", "alice",
                     env={"READOUT_PASSWORD": "wrong"})
        assert result.exit_code == 2
        assert "refused the login of user 'alice' (HTTP 401)" in error_line(result)
        assert "READOUT_PASSWORD" in error_line(result)
        assert not server.received


def test_no_user_on_a_server_that_wants_one_says_how_to_log_in(small_store):
    with AuthServer() as server:
        result = run("load", "--store", small_store, "--endpoint", server.url)
    assert result.exit_code == 2 and "pass --user NAME" in error_line(result)


def test_right_password_from_the_environment_or_the_prompt_is_sent(small_store):
    with AuthServer() as server:
        from_env = run("load", "--store", small_store, "--endpoint", server.url, "--user", "alice",
                       env={"READOUT_PASSWORD": "secret"})
        prompted = run("load", "--store", small_store, "--endpoint", server.url, "--user", "alice",
                       env={"READOUT_PASSWORD": None}, input="secret\n")
        assert from_env.exit_code == 0, from_env.output
        assert prompted.exit_code == 0, prompted.output
        assert "secret" not in prompted.stdout
        assert len(server.received) == 4


def test_password_is_never_an_option():
    result = run("load", "--endpoint", "http://127.0.0.1:9/store", "--password", "x")
    assert result.exit_code == 2 and "No such option" in result.stderr


def test_endpoint_must_be_http():
    with pytest.raises(EndpointError, match="not an http"):
        GraphStore("ftp://example.org/store")


class DigestServer(AuthServer):
    """Demands HTTP Digest authentication (RFC 7616, MD5, qop=auth) as alice:secret, like
    Virtuoso's /sparql-graph-crud-auth."""

    def __init__(self):
        import hashlib
        import re

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()

        received = self.received = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                fields = dict(re.findall(r'(\w+)="?([^",]*)"?', self.headers.get("Authorization", "")))
                if self.headers.get("Authorization", "").startswith("Digest ") and fields.get("username") == "alice":
                    expected = md5(":".join([md5("alice:test:secret"), fields["nonce"], fields["nc"],
                                             fields["cnonce"], "auth", md5(f"{self.command}:{fields['uri']}")]))
                    if fields.get("response") == expected:
                        received.append(body)
                        self.send_response(204)
                        self.end_headers()
                        return
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Digest realm="test", qop="auth", nonce="n0nce", algorithm=MD5')
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_PUT = do_POST

        self.serve(Handler, "/sparql-graph-crud-auth")


def test_digest_login_when_the_server_asks_for_it(small_store):
    with DigestServer() as server:
        right = run("load", "--store", small_store, "--endpoint", server.url, "--user", "alice",
                    env={"READOUT_PASSWORD": "secret"})
        wrong = run("load", "--store", small_store, "--endpoint", server.url, "--user", "alice",
                    env={"READOUT_PASSWORD": "wrong"})
    assert right.exit_code == 0, right.output
    assert len(server.received) == 2
    assert wrong.exit_code == 2 and "refused the login of user 'alice'" in error_line(wrong)


class FlakyServer(LoopbackServer):
    """A real HTTP server on 127.0.0.1 that answers each graph's first request with `status`
    (and `Retry-After`, when given), the next ones 204; it records what it received."""

    def __init__(self, status: int = 500, retry_after: str | None = None, fail_graph: str = ""):
        import time

        received = self.received = []      # (method, graph, time)
        seen: set[str] = set()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PUT(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                graph = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query)).get("graph", "")
                received.append((self.command, graph, time.monotonic()))
                first = graph not in seen
                seen.add(graph)
                if (first and not fail_graph) or graph == fail_graph:
                    self.send_response(status)
                    if retry_after:
                        self.send_header("Retry-After", retry_after)
                    self.send_header("Content-Length", "9")
                    self.end_headers()
                    self.wfile.write(b"try again")
                    return
                self.send_response(204)
                self.end_headers()

            do_POST = do_PUT

        self.serve(Handler)


@pytest.mark.parametrize("status", [500, 503])
def test_a_put_answered_500_or_503_is_retried_then_204_succeeds(small_store, status):
    with FlakyServer(status) as server:
        result = run("load", "--store", small_store, "--endpoint", server.url, "--replace")
    assert result.exit_code == 0, result.output
    assert "2 retried request(s)" in result.stdout
    assert [(m, g) for m, g, _ in server.received] == [("PUT", EX + "g1")] * 2 + [("PUT", EX + "g2")] * 2


def test_retry_after_is_honoured(small_store):
    with FlakyServer(503, retry_after="1") as server:
        result = run("load", "--store", small_store, "--endpoint", server.url, "--replace", "--graph", EX + "all")
    assert result.exit_code == 0, result.output
    (_, _, first), (_, _, second) = server.received
    assert second - first >= 0.9


def test_a_post_answered_500_is_not_sent_again(small_store):
    with FlakyServer(500) as server:
        result = run("load", "--store", small_store, "--endpoint", server.url)
    assert result.exit_code == 2
    assert len(server.received) == 1 and "HTTP 500" in error_line(result)


def test_a_later_graph_failing_says_which_graphs_reached_the_server(small_store):
    with FlakyServer(500, fail_graph=EX + "g2") as server:
        result = run("load", "--store", small_store, "--endpoint", server.url, "--replace", "--retries", "1")
    assert result.exit_code == 2
    message = error_line(result)
    assert "HTTP 500 (after 2 attempts)" in message
    assert f"Already on the server before it: 1 graph(s): {EX}g1 (replaced)" in message


def test_loading_twice_without_replace_does_not_duplicate_the_ontology_blank_nodes(bundled_store, tmp_path):
    with OxigraphServer(tmp_path / "server", read_only=False) as server:
        counts = []
        for _ in range(2):
            result = run("load", "--store", bundled_store, "--endpoint", server.store_url)
            assert result.exit_code == 0, result.output
            counts.append(_count(server, "GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }"))
    assert counts[0] == counts[1] and counts[0]
