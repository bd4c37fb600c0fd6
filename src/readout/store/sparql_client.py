"""A read-only SPARQL 1.1 Protocol client: run a query on a remote endpoint.

Queries go as `application/x-www-form-urlencoded` POST (`query=`), which the protocol
defines for queries only; an update is refused before anything is sent, because the text
is first parsed locally as a query (pyoxigraph rejects update syntax). Answers are
asked for as SPARQL 1.1 Query Results JSON (or N-Triples for CONSTRUCT and DESCRIBE)
and read back into the same `Table` as the embedded store gives. HTTP is requests with
urllib3's Retry (`readout.store.http`): a query changes nothing, so its POST is retried
after HTTP 500/502/503/504/429 (honouring Retry-After); a timeout is not (it would only
triple the wait).
"""
from __future__ import annotations

import urllib.parse

from readout.errors import EndpointError, QueryError
from readout.store.results import Table

DEFAULT_TIMEOUT = 30.0
RETRIES = 2
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


def check_query(text: str) -> None:
    """Parse `text` as a SPARQL query on an empty in-memory store; refuse updates."""
    import pyoxigraph as ox

    if is_update(text):
        raise QueryError("readout query is read-only: SPARQL updates are refused")
    try:
        ox.Store().query(text)
    except SyntaxError as err:
        raise QueryError(f"invalid SPARQL: {str(err).splitlines()[0]}") from None


def is_update(text: str) -> bool:
    """Whether `text` starts (after comments and prologue) with an update operation."""
    import re

    body = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))
    body = re.sub(r"PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>", " ", body, flags=re.I)
    return bool(re.match(r"\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", body, re.I))


def run(endpoint: str, text: str, timeout: float = DEFAULT_TIMEOUT) -> Table:
    """POST a query to `endpoint` and return its answer as a Table."""
    import pyoxigraph as ox

    check_query(text)
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EndpointError(f"{endpoint!r} is not an http(s) URL; give the endpoint's query URL, "
                            f"such as http://127.0.0.1:7878/query")
    import requests

    from readout.store import http

    client = http.session(RETRIES, methods={"GET", "POST"}, reads=False)
    try:
        reply = client.post(endpoint, data={"query": text}, timeout=timeout,
                            headers={"Accept": ACCEPT})
    except requests.exceptions.Timeout:
        raise EndpointError(f"the endpoint {endpoint} did not answer within {timeout:g} s; "
                            f"try again or raise --timeout") from None
    except requests.exceptions.RequestException as err:
        reason = "connection refused" if http.refused(err) else type(err).__name__
        if "timed out" in str(err):
            raise EndpointError(f"the endpoint {endpoint} did not answer within {timeout:g} s; "
                                f"try again or raise --timeout") from None
        raise EndpointError(f"cannot reach the endpoint {endpoint} ({reason}); "
                            f"check that it is running and the URL is right") from None
    finally:
        client.close()
    if reply.status_code >= 400:
        detail = reply.content.decode("utf-8", "replace").strip().splitlines()
        raise EndpointError(f"the endpoint {endpoint} answered HTTP {reply.status_code} {reply.reason}"
                            + (f" ({detail[0][:200]})" if detail else "")
                            + "; check the URL is its SPARQL query endpoint")
    content_type = reply.headers.get("Content-Type", "").split(";")[0].strip().lower()
    body = reply.content
    try:
        if content_type == "application/n-triples":
            triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
            return Table(columns=["subject", "predicate", "object"],
                         rows=[[t.subject, t.predicate, t.object] for t in triples])
        if content_type not in ("application/sparql-results+json", "application/json"):
            raise EndpointError(f"the endpoint {endpoint} answered {content_type}, not SPARQL results "
                                f"JSON; check the URL is its SPARQL query endpoint")
        return Table.from_oxigraph(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
    except SyntaxError as err:
        raise EndpointError(f"the endpoint {endpoint} sent an unreadable answer "
                            f"({str(err).splitlines()[0]})") from None
