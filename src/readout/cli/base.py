"""What every command shares: the `readout` group, the --store option, the error contract
and the progress line.

Exit codes: 0 ok; 1 the graph does not conform or a check failed; 2 usage or runtime
error (a readout error, or anything unexpected: a full disk, an unwritable path, a lost
connection), always one line on stderr that says what to do. Tracebacks only with --debug.
"""
from __future__ import annotations

import errno
import functools
import os
import sys
from pathlib import Path

import click

from readout import __version__
from readout.config import DEFAULT_STORE
from readout.errors import ReadoutError

store_option = click.option(
    "--store", "store_dir", type=click.Path(path_type=Path), default=DEFAULT_STORE,
    show_default=True, help="Directory of the embedded Oxigraph store (or set READOUT_STORE); "
    "a build makes it, and any missing folders above it.")

_OS_ADVICE = {
    errno.ENOSPC: "free some disk space (or choose another disk) and run the command again",
    errno.EDQUOT: "free some disk space (or choose another disk) and run the command again",
    errno.EACCES: "choose a path you may write, or change its permissions",
    errno.EPERM: "choose a path you may write, or change its permissions",
    errno.EROFS: "the file system is read-only; choose a path on another one",
    errno.EISDIR: "give a file name, not a directory",
    errno.ENOTDIR: "a part of the path is a file, not a directory; fix the path",
    errno.EEXIST: "a part of the path is a file, not a directory; fix the path",
    errno.ENOENT: "check the path",
}


def describe(err: BaseException) -> str:
    """One line for an error that is not a ReadoutError, saying what to do next."""
    if isinstance(err, OSError) and err.errno in _OS_ADVICE:
        where = f"{err.filename}: " if err.filename else ""
        return f"{where}{err.strerror or os.strerror(err.errno)}; {_OS_ADVICE[err.errno]}"
    if isinstance(err, (ConnectionError, TimeoutError)):
        first = (str(err).strip().splitlines() or [type(err).__name__])[0][:200]
        return f"a connection failed ({first}); check the network and the URL, then run again"
    first = (str(err).strip().splitlines() or [""])[0][:200]
    return (f"unexpected {type(err).__name__}{': ' + first if first else ''}; "
            f"run again with 'readout --debug ...' to see where, and report it")


def _debug() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and (ctx.find_root().obj or {}).get("debug"))


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the exit-time flush cannot fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def fail(err: BaseException):
    """Apply the error contract to `err` (re-raised unchanged with --debug)."""
    if isinstance(err, BrokenPipeError):     # `readout demo | head`: the reader left
        _quiet_stdout()
        sys.exit(0)
    if _debug():
        raise err
    if isinstance(err, ReadoutError):
        click.echo(f"readout: error: {err}", err=True)
        sys.exit(err.exit_code)
    if isinstance(err, OSError):
        _quiet_stdout()                      # e.g. stdout is /dev/full: do not fail twice
    click.echo(f"readout: error: {describe(err)}", err=True)
    sys.exit(2)


_PASS = (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
         SystemExit, KeyboardInterrupt)


def handled(func):
    """Run a command under the error contract (see `fail`)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except _PASS:
            raise
        except Exception as err:
            fail(err)
    return wrapper


def table_width() -> int | None:
    """The terminal's width for tables on a terminal; no wrapping when piped or redirected."""
    return None if sys.stdout.isatty() else 1_000_000


class ReadoutGroup(click.Group):
    """A group whose commands all run under the error contract, decorated or not;
    `readout --help` shows each command's whole first line."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except _PASS:
            raise
        except Exception as err:
            fail(err)

    def main(self, *args, **kwargs):
        """Also what click prints itself (help, usage errors) obeys the contract."""
        try:
            return super().main(*args, **kwargs)
        except OSError as err:
            if "--debug" in sys.argv[1:2]:
                raise
            _quiet_stdout()
            click.echo(f"readout: error: {describe(err)}", err=True)
            sys.exit(2)

    def format_commands(self, ctx, formatter):
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=ReadoutGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="readout")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def main(ctx, debug):
    """Turn news articles into a validated, Wikidata-linked RDF knowledge graph."""
    ctx.ensure_object(dict)["debug"] = debug


class progress:
    """Build progress: a bar with the article count and an ETA on a terminal, one plain line
    per article when stderr is not a terminal, nothing when quiet."""

    def __init__(self, quiet: bool = False):
        self.quiet, self.bar = quiet, None

    def __enter__(self):
        self.tty = sys.stderr.isatty()
        return self.tick

    def tick(self, done: int, total: int, article_id: str | None):
        if self.quiet or not total:
            return
        if not self.tty:
            if article_id:
                click.echo(f"extracted {done}/{total} {article_id}", err=True)
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Extracting", show_eta=True, show_pos=True,
                                         item_show_func=lambda item: item, file=sys.stderr)
            self.bar.__enter__()
        if done:
            self.bar.update(done - self.bar.pos, current_item=article_id)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False
