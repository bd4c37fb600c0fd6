"""HTTP for every client of readout (Graph Store loads, remote SPARQL queries, Wikidata):
requests with urllib3's `Retry`, so retries, backoff and `Retry-After` are the library's,
not ours.

Only requests that can be repeated without changing the outcome are retried: a PUT
(it replaces), a GET, and a SPARQL query sent by POST (a query changes nothing). A POST
that adds data is never retried: if the server applied it before the answer was lost,
a retry would add it twice (blank nodes get new labels each time). Retried: HTTP 500,
502, 503, 504 and 429 (waiting for `Retry-After` when the server sends it), a
connection dropped or a read that timed out. A refused connection is not retried (the
server is not running).
"""
from __future__ import annotations

from readout import __version__

USER_AGENT = f"readout/{__version__} (https://w3id.org/readout)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


def session(retries: int, pause: float = 0.5, methods=IDEMPOTENT, user_agent: str = USER_AGENT,
            reads: bool = True):
    """A requests Session that retries `methods` up to `retries` times (backoff from `pause` s);
    with `reads=False`, a dropped connection or a timeout is not retried (only HTTP statuses)."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    policy = Retry(total=None, connect=0, read=retries if reads else 0, status=retries, other=0, redirect=5,
                   allowed_methods=frozenset(methods), status_forcelist=RETRY_STATUSES,
                   backoff_factor=pause, backoff_max=30, respect_retry_after_header=True,
                   raise_on_status=False, raise_on_redirect=False)
    adapter = HTTPAdapter(max_retries=policy)
    client = requests.Session()
    client.mount("http://", adapter)
    client.mount("https://", adapter)
    client.headers["User-Agent"] = user_agent
    client.trust_env = True
    return client


def attempts(response) -> int:
    """How many times the request was sent (1 when it was not retried)."""
    retries = getattr(getattr(response, "raw", None), "retries", None)
    return 1 + len(retries.history) if retries is not None else 1


def refused(err: BaseException) -> bool:
    """Whether a requests ConnectionError is a refused connection (nothing listens)."""
    seen, current = set(), err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError) or "Connection refused" in str(current):
            return True
        current = current.__cause__ or current.__context__ or (
            current.args[0] if current.args and isinstance(current.args[0], BaseException) else None)
    return False
