"""readout: news articles -> a validated, Wikidata-linked RDF knowledge graph.

Public API (the CLI is a thin layer over these):
    build(inputs, store_dir)   read, extract, validate and store articles
    validate(graph)            SHACL validation -> Report
    query(store, name_or_text, params)
    export(store, fmt)
"""
__version__ = "0.2.0"

from readout.api import build, export, query, validate  # noqa: E402

__all__ = ["build", "validate", "query", "export", "__version__"]
