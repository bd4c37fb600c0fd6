"""readout eval, ontology-doc: tools for developers (scores, generated sources)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from readout.cli.base import handled, main


@main.group("eval")
def evaluation():
    """Measure extraction against gold annotations."""


@evaluation.command("attribution")
@click.option("--gold", "gold_dir", required=True, type=click.Path(path_type=Path),
              help="PolNeAR directory holding SPLIT/text and SPLIT/attributions (brat standoff).")
@click.option("--split", default="dev", show_default=True, help="Split to score.")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Extract in this many processes.")
@click.option("--files", "show_files", is_flag=True, help="List the annotator file used per article.")
@handled
def eval_attribution(gold_dir, split, jobs, show_files):
    """Precision, recall and F1 of cue, source, content and whole attributions."""
    from readout.eval import attribution as evaluate

    result = evaluate.run(gold_dir, split, jobs=jobs)
    if show_files:
        for art in result.articles:
            click.echo(f"{art.doc}: {art.ann_path.name} (annotator {art.annotator})")
    else:
        click.echo(f"Annotator file per article: the lexicographically first "
                   f"(--files lists them); {len(result.articles)} articles.")
    click.echo(result.text())


@main.command("ontology-doc")
@click.option("--out", "markdown", type=click.Path(path_type=Path), default=Path("docs/ontology.md"),
              show_default=True, help="Where to write the ontology reference page.")
@click.option("--vocabulary", type=click.Path(path_type=Path), default=Path("src/readout/kg/vocabulary.py"),
              show_default=True, help="Where to write the namespace classes.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file is out of date.")
@handled
def ontology_doc(markdown, vocabulary, check):
    """Generate docs/ontology.md and vocabulary.py from ontology/readout.ttl (run in a checkout)."""
    from readout.kg import ontodoc

    expected = ontodoc.outputs(ontodoc.load(), markdown, vocabulary)
    if check:
        outdated = ontodoc.stale(expected)
        for path in outdated:
            click.echo(f"out of date: {path} (run `readout ontology-doc`)", err=True)
        if not outdated:
            click.echo(f"up to date: {', '.join(str(p) for p in expected)}")
        sys.exit(1 if outdated else 0)
    written = ontodoc.write(expected)
    for path in written:
        click.echo(f"wrote {path}")
    if not written:
        click.echo(f"up to date, nothing written: {', '.join(str(p) for p in expected)}")

