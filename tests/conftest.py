"""Shared fixtures: the bundled articles built once per test session into a temp store."""
from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from readout import api
from readout.config import ARTICLES_DIR

POLNEAR = Path(os.environ.get("READOUT_POLNEAR",
                              Path(__file__).resolve().parents[1].parent / "shared" / "polnear"))


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory) -> Path:
    """A store built from the bundled articles (read-only for tests: copy before changing)."""
    store = tmp_path_factory.mktemp("bundled") / "store"
    result = api.build([ARTICLES_DIR], store)
    assert len(result.built) == 5, result.skipped
    gc.collect()  # release the build's store (and its lock) now, not at some later collection
    return store


@pytest.fixture(scope="session")
def bundled_facts():
    """Extracted facts for each bundled article, by article id."""
    from readout.extract.pipeline import extract
    from readout.ingest.reader import read_articles

    articles, problems = read_articles([ARTICLES_DIR])
    assert not problems
    return {f.article.id: f for f in extract(articles)}


@pytest.fixture(scope="session")
def polnear() -> Path:
    if not (POLNEAR / "dev" / "text").is_dir():
        pytest.skip(f"PolNeAR not found at {POLNEAR}; set READOUT_POLNEAR")
    return POLNEAR
