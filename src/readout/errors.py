"""One exception base for readout; each subclass says what to do next.

Exit codes (documented in the README): 0 ok, 1 data does not conform or a check
failed, 2 usage or runtime error.
"""


class ReadoutError(Exception):
    """Base class. `str(err)` is a one-line message that says what to do next."""
    exit_code = 2


class InputError(ReadoutError):
    """An article or input path cannot be read."""


class QueryError(ReadoutError):
    """A stored query is unknown or malformed, or SPARQL is invalid."""


class StoreError(ReadoutError):
    """The store cannot be opened, read or written."""


class EndpointError(ReadoutError):
    """A remote SPARQL endpoint cannot be reached or refused the request."""


class ValidationFailed(ReadoutError):
    """The graph does not conform to the shapes."""
    exit_code = 1
