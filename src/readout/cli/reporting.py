"""readout report: the store as one self-contained HTML page."""
from __future__ import annotations

import time
from pathlib import Path

import click

from readout.cli.base import handled, main, store_option


@main.command()
@store_option
@click.option("--out", "out", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("readout-report.html"), show_default=True, help="The HTML file to write.")
@click.option("--event", metavar="IRI",
              help="Only this contact (an IRI from 'readout query event-participants') and its articles.")
@click.option("--open", "open_it", is_flag=True, help="Open the page in the default browser when written.")
@handled
def report(store_dir, out, event, open_it):
    """Write one self-contained HTML page: each contact with both sides' readouts side by
    side, and every article with its statements marked.

    The page is read from the store through the stored queries only, so it shows what
    'readout query' shows; it needs no script and no network to be read.
    """
    from readout import report as pages

    started = time.perf_counter()
    page = pages.write(store_dir, out, event)
    click.echo(f"Wrote {out}: {len(page['events'])} contact(s), {len(page['articles'])} article(s), "
               f"{page['statements']} statements marked, in {time.perf_counter() - started:.1f} s")
    if open_it:
        click.launch(str(Path(out).resolve()))
