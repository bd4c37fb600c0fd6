"""A SPARQL 1.1 Graph Store HTTP Protocol client: push the store to a triple store server.

PUT replaces a graph, POST adds to it (https://www.w3.org/TR/sparql11-http-rdf-update/).
Each named graph of the store goes in its own request (`?graph=IRI`), or everything into
one graph. The body is N-Triples, which every server reads. A dropped connection is
retried with a growing pause; a refused connection, a timeout, a refused password or
an HTTP error stops the load with a message that says what to do. `--user` logs in with
HTTP Basic (Fuseki, GraphDB) or, when the server asks for it, Digest (Virtuoso).
"""
from __future__ import annotations

import base64
import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from readout.errors import EndpointError

DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3
PASSWORD_VARIABLE = "READOUT_PASSWORD"
DROPPED = (ConnectionResetError, ConnectionAbortedError, BrokenPipeError,
           http.client.RemoteDisconnected, http.client.IncompleteRead)
RETRY_STATUSES = (502, 503, 504)


@dataclass
class Upload:
    """One graph sent: which, how, how much, and the server's answer."""
    graph: str
    method: str
    triples: int
    bytes: int
    status: int
    attempts: int


@dataclass
class LoadSummary:
    endpoint: str
    uploads: list[Upload] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(u.triples for u in self.uploads)

    @property
    def bytes(self) -> int:
        return sum(u.bytes for u in self.uploads)

    @property
    def retries(self) -> int:
        return sum(u.attempts - 1 for u in self.uploads)


class GraphStore:
    """One Graph Store Protocol endpoint, e.g. Oxigraph's `http://127.0.0.1:7878/store`."""

    def __init__(self, endpoint: str, user: str | None = None, password: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES,
                 pause: float = 0.5):
        parsed = urllib.parse.urlsplit(endpoint)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise EndpointError(f"{endpoint!r} is not an http(s) URL; give the Graph Store endpoint, "
                                f"e.g. http://127.0.0.1:7878/store")
        self.endpoint = endpoint
        self.user = user
        self.timeout = timeout
        self.retries = retries
        self.pause = pause
        self._auth = None
        handlers = []
        if user is not None:  # Basic up front; Digest (Virtuoso) when the server asks for it
            token = base64.b64encode(f"{user}:{password or ''}".encode("utf-8")).decode("ascii")
            self._auth = f"Basic {token}"
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, endpoint, user, password or "")
            handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
        self._opener = urllib.request.build_opener(*handlers)

    def url(self, graph: str | None) -> str:
        query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
        return f"{self.endpoint}{'&' if '?' in self.endpoint else '?'}{query}"

    def send(self, method: str, graph: str | None, body: bytes, triples: int) -> Upload:
        """PUT or POST one graph as N-Triples; retries when the connection drops."""
        headers = {"Content-Type": "application/n-triples"}
        if self._auth:
            headers["Authorization"] = self._auth
        name = graph or "the default graph"
        for attempt in range(1, self.retries + 2):
            request = urllib.request.Request(self.url(graph), data=body, method=method, headers=headers)
            try:
                with self._opener.open(request, timeout=self.timeout) as reply:
                    reply.read()
                    return Upload(name, method, triples, len(body), reply.status, attempt)
            except urllib.error.HTTPError as err:
                if err.code not in RETRY_STATUSES or attempt > self.retries:
                    raise self._http_error(err, method, name) from None
                problem = f"HTTP {err.code}"
            except urllib.error.URLError as err:
                reason = err.reason
                if not isinstance(reason, DROPPED):
                    raise self._unreachable(reason) from None
                problem = type(reason).__name__
            except DROPPED as err:
                problem = type(err).__name__
            except TimeoutError:
                raise EndpointError(f"{self.endpoint} did not answer within {self.timeout:g} s while "
                                    f"receiving {name}; raise --timeout or use the server's bulk "
                                    f"loader for large exports") from None
            if attempt <= self.retries:
                time.sleep(self.pause * 2 ** (attempt - 1))
        raise EndpointError(f"{self.endpoint} dropped the connection {self.retries + 1} times while "
                            f"receiving {name} ({problem}); graphs before it were loaded. Check the "
                            f"server's log and upload size limit, then run the same command again")

    def _unreachable(self, reason) -> EndpointError:
        if isinstance(reason, ConnectionRefusedError):
            return EndpointError(f"cannot connect to {self.endpoint} (connection refused); is the "
                                 f"server running? Start it (e.g. 'oxigraph serve') or fix --endpoint")
        if isinstance(reason, TimeoutError):
            return EndpointError(f"{self.endpoint} did not answer within {self.timeout:g} s; "
                                 f"check the server or raise --timeout")
        return EndpointError(f"cannot reach {self.endpoint} ({reason}); check --endpoint")

    def _http_error(self, err: urllib.error.HTTPError, method: str, name: str) -> EndpointError:
        if err.code in (401, 403):
            if self.user is None:
                return EndpointError(f"{self.endpoint} requires a login (HTTP {err.code}); pass --user "
                                     f"NAME and set {PASSWORD_VARIABLE} or type the password when asked")
            return EndpointError(f"{self.endpoint} refused the login of user {self.user!r} (HTTP "
                                 f"{err.code}); check --user and the password in {PASSWORD_VARIABLE}")
        detail = _first_line(err.read())
        return EndpointError(f"{self.endpoint} answered HTTP {err.code} to {method} of {name}"
                             f"{': ' + detail if detail else ''}; check that --endpoint is the "
                             f"server's Graph Store endpoint (Oxigraph: /store, Fuseki: /DATASET/data)")


def load(parts: Iterator[tuple[str | None, bytes, int]], store: GraphStore, replace: bool = False,
         progress: Callable[[Upload], None] | None = None) -> LoadSummary:
    """Send each (graph, N-Triples body, triple count); PUT with `replace`, else POST."""
    method = "PUT" if replace else "POST"
    summary = LoadSummary(store.endpoint)
    started = time.perf_counter()
    for graph, body, triples in parts:
        upload = store.send(method, graph, body, triples)
        summary.uploads.append(upload)
        if progress:
            progress(upload)
    summary.seconds = time.perf_counter() - started
    return summary


def _first_line(data: bytes) -> str:
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[0][:200] if lines else ""
