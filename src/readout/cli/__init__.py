"""The `readout` command: a thin click layer over the library (`readout.api`).

One module per group of commands; `base` holds the group, the shared options and the
error contract (exit 0 ok, 1 does not conform, 2 usage or runtime error).
"""
from readout.cli.base import main
from readout.cli import building, querying, reporting, servers, tools  # noqa: F401  (they register the commands)

__all__ = ["main"]
