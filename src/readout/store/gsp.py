"""A SPARQL 1.1 Graph Store HTTP Protocol client: push the store to a triple store server.

PUT replaces a graph, POST adds to it (https://www.w3.org/TR/sparql11-http-rdf-update/).
Each named graph of the store goes in its own request (`?graph=IRI`), or everything into
one graph. The body is N-Triples, which every server reads. HTTP is requests with
urllib3's Retry (`readout.store.http`): a PUT is retried after a dropped connection, a
timeout or HTTP 500/502/503/504/429 (honouring Retry-After), with a growing pause; a POST
is never retried (it would add its triples twice). A refused connection, a refused
password or another HTTP error stops the load with a message that says what to do and
which graphs had already reached the server. `--user` logs in with HTTP Basic (Fuseki,
GraphDB) or, when the server asks for it, Digest (Virtuoso).
"""
from __future__ import annotations

import re
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from readout.errors import EndpointError
from readout.store import http

DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3
PASSWORD_VARIABLE = "READOUT_PASSWORD"
READOUT_GRAPHS = "https://w3id.org/readout/id/graph/"
_BLANK = re.compile(rb"(?:^|> )_:", re.MULTILINE)


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
        self.user, self.password = user, password or ""
        self.timeout = timeout
        self.retries = retries
        self._session = http.session(retries, pause)

    def url(self, graph: str | None) -> str:
        query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
        return f"{self.endpoint}{'&' if '?' in self.endpoint else '?'}{query}"

    def send(self, method: str, graph: str | None, body: bytes, triples: int) -> Upload:
        """PUT or POST one graph as N-Triples (a PUT is retried; see the module's text)."""
        import requests

        name = graph or "the default graph"
        auth = None if self.user is None else requests.auth.HTTPBasicAuth(self.user, self.password)
        try:
            reply = self._request(method, graph, body, auth)
            if reply.status_code == 401 and auth is not None and \
                    "digest" in reply.headers.get("WWW-Authenticate", "").lower():
                reply = self._request(method, graph, body,
                                      requests.auth.HTTPDigestAuth(self.user, self.password))
        except requests.exceptions.Timeout:
            raise EndpointError(f"{self.endpoint} did not answer within {self.timeout:g} s while "
                                f"receiving {name}; raise --timeout or use the server's bulk "
                                f"loader for large exports") from None
        except requests.exceptions.RetryError as err:
            raise EndpointError(f"{self.endpoint} kept failing while receiving {name} ({_reason(err)}); "
                                f"check the server's log, then run the same command again") from None
        except requests.exceptions.ConnectionError as err:
            if "timed out" in str(err):       # read timeouts of a retried PUT, all used up
                raise EndpointError(f"{self.endpoint} did not answer within {self.timeout:g} s while "
                                    f"receiving {name} ({self.retries + 1} attempts); raise --timeout "
                                    f"or use the server's bulk loader for large exports") from None
            if http.refused(err):
                raise EndpointError(f"cannot connect to {self.endpoint} (connection refused); is the "
                                    f"server running? Start it (e.g. 'oxigraph serve') or fix --endpoint") from None
            tries = f"{self.retries + 1} times" if method in http.IDEMPOTENT else "once (a POST is not retried)"
            raise EndpointError(f"{self.endpoint} dropped the connection {tries} while receiving "
                                f"{name} ({_reason(err)}); check the server's log and upload size "
                                f"limit, then run the same command again") from None
        except requests.exceptions.RequestException as err:
            raise EndpointError(f"cannot reach {self.endpoint} ({_reason(err)}); check --endpoint") from None
        if reply.status_code >= 400:
            raise self._http_error(reply, method, name)
        return Upload(name, method, triples, len(body), reply.status_code, http.attempts(reply))

    def _request(self, method, graph, body, auth):
        return self._session.request(method, self.url(graph), data=body, auth=auth, timeout=self.timeout,
                                     headers={"Content-Type": "application/n-triples"})

    def _http_error(self, reply, method: str, name: str) -> EndpointError:
        code = reply.status_code
        if code in (401, 403):
            if self.user is None:
                return EndpointError(f"{self.endpoint} requires a login (HTTP {code}); pass --user "
                                     f"NAME and set {PASSWORD_VARIABLE} or type the password when asked")
            return EndpointError(f"{self.endpoint} refused the login of user {self.user!r} (HTTP "
                                 f"{code}); check --user and the password in {PASSWORD_VARIABLE}")
        detail = _first_line(reply.content)
        tried = f" (after {http.attempts(reply)} attempts)" if http.attempts(reply) > 1 else ""
        return EndpointError(f"{self.endpoint} answered HTTP {code}{tried} to {method} of {name}"
                             f"{': ' + detail if detail else ''}; check that --endpoint is the "
                             f"server's Graph Store endpoint (Oxigraph: /store, Fuseki: /DATASET/data)")


def load(parts: Iterator[tuple[str | None, bytes, int]], store: GraphStore, replace: bool = False,
         progress: Callable[[Upload], None] | None = None) -> LoadSummary:
    """Send each (graph, N-Triples body, triple count); PUT with `replace`, else POST.

    Without `replace`, a readout graph holding blank nodes (the ontology's) is PUT all the
    same: POSTing it again would add a second copy of its blank-node triples. When a graph
    fails, the error says which graphs had already reached the server.
    """
    summary = LoadSummary(store.endpoint)
    started = time.perf_counter()
    for graph, body, triples in parts:
        method = "PUT" if replace or _own_with_blank_nodes(graph, body) else "POST"
        try:
            upload = store.send(method, graph, body, triples)
        except EndpointError as err:
            raise EndpointError(f"{err}. {_reached(summary)}") from None
        summary.uploads.append(upload)
        if progress:
            progress(upload)
    summary.seconds = time.perf_counter() - started
    return summary


def _own_with_blank_nodes(graph: str | None, body: bytes) -> bool:
    return bool(graph) and graph.startswith(READOUT_GRAPHS) and _BLANK.search(body) is not None


def _reached(summary: LoadSummary) -> str:
    if not summary.uploads:
        return "No graph had reached the server"
    done = [f"{u.graph} ({'replaced' if u.method == 'PUT' else 'added'})" for u in summary.uploads]
    shown = ", ".join(done[:5]) + (f" and {len(done) - 5} more" if len(done) > 5 else "")
    return f"Already on the server before it: {len(done)} graph(s): {shown}"


def _reason(err: BaseException) -> str:
    text = str(err.args[0] if err.args else err)
    inner = re.search(r"\(Caused by (\w+)\(", text) or re.search(r"(\w+(?:Error|Reset|Disconnected))", text)
    return (inner.group(1) if inner else text)[:120]


def _first_line(data: bytes) -> str:
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[0][:200] if lines else ""
